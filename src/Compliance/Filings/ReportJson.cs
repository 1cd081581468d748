using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Compliance.Filings;

/// <summary>How a draft is written to the store and exported for `lepton report fill` (the API's JSON shape).</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string Serialize(ReportDraft draft) => JsonSerializer.Serialize(draft, Options);

    public static ReportDraft Deserialize(string json) =>
        JsonSerializer.Deserialize<ReportDraft>(json, Options) ?? throw new JsonException("a report draft was expected, found null");
}
