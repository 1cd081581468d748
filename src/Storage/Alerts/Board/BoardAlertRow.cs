namespace Lepton.Monitor.Storage;

/// <summary>
/// One alert as the live board lists it: the triage columns only (no record ids, comments or explanation beyond its
/// summary), so 50,000 of them stay a few megabytes. Enum values are the API's lower-case texts as stored.
/// <see cref="RaisedAt"/> is when the alert was created (the time in its sortable id).
/// </summary>
public sealed record BoardAlertRow(
    string Id,
    long Version,
    string Tenant,
    string Jurisdiction,
    string Kind,
    string RuleId,
    string RuleKind,
    string Severity,
    string Status,
    string? Disposition,
    string Entity,
    int Count,
    DateTimeOffset RaisedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset UpdatedAt,
    string? Assignee,
    string? Summary,
    DateTimeOffset? SnoozedUntil,
    bool PendingResolution);
