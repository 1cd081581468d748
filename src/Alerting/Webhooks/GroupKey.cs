using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>A group's key, Alertmanager-style: the <c>by</c> labels and the alert's values, e.g. <c>{jurisdiction="US",ruleId="us-cash-ctr"}</c>.</summary>
public static class GroupKey
{
    public static string Of(WebhookGrouping grouping, AlertEvent change)
    {
        JsonObject? alert = null;
        string? Field(string name) => (alert ??= JsonNode.Parse(change.AlertJson)!.AsObject())[name]?.GetValue<string>();
        var key = new StringBuilder("{");
        foreach (var label in grouping.By)
        {
            var value = label switch
            {
                "jurisdiction" => change.Jurisdiction,
                "kind" => StoredEnums.ToText(change.Kind),
                "severity" => StoredEnums.ToText(change.Severity),
                _ => Field(label),
            };
            if (key.Length > 1)
                key.Append(',');
            key.Append(label).Append("=\"").Append(value).Append('"');
        }
        return key.Append('}').ToString();
    }
}
