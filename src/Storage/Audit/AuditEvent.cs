using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>What a caller asks the audit log to record; the log assigns sequence, time and hashes.</summary>
public sealed record AuditEvent(string Actor, string? Tenant, string Action, string Target, object? Details = null)
{
    /// <summary>The details as compact JSON (<c>{}</c> when none).</summary>
    public string DetailsJson() => Details switch
    {
        null => "{}",
        string s => s,
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(Details, StorageJson.Options),
    };
}
