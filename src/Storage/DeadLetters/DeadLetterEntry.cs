namespace Lepton.Monitor.Storage;

/// <summary>A stored dead letter with its id (ascending with insertion; lists come newest first).</summary>
public sealed record DeadLetterEntry(
    long Id,
    string? Tenant,
    string Source,
    int? Index,
    string? RecordId,
    string Reason,
    string? RedactedPayload,
    DateTimeOffset At);
