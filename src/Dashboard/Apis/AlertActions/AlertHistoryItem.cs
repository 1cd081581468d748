using System.Text.Json;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>
/// One change in <c>GET /v1/alerts/{id}/history</c>: an audit entry of the alert read as who (<see cref="Actor"/>) did
/// what (<see cref="Action"/>) when, the lifecycle fields <see cref="Before"/> and <see cref="After"/> (only those that
/// changed), the comments it added and what was asked. Entries without before/after (a staged approval cleared by a new
/// record) carry their audit <see cref="Details"/> instead.
/// </summary>
public sealed record AlertHistoryItem(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Action,
    JsonElement? Before,
    JsonElement? After,
    JsonElement? CommentsAdded,
    JsonElement? Request,
    JsonElement? Details)
{
    public static AlertHistoryItem From(AuditEntry entry)
    {
        using var document = JsonDocument.Parse(entry.Details);
        var root = document.RootElement;
        JsonElement? Member(string name) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? value.Clone() : null;
        var before = Member("before");
        var after = Member("after");
        var hasChange = before is not null || after is not null;
        return new AlertHistoryItem(entry.Seq, entry.At, entry.Actor, entry.Action, before, after, Member("commentsAdded"), Member("request"),
            hasChange ? null : root.Clone());
    }
}

public sealed record AlertHistoryResponse(IReadOnlyList<AlertHistoryItem> Items);
