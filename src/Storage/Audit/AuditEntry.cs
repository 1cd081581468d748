namespace Lepton.Monitor.Storage;

/// <summary>
/// One audit log entry: who (<see cref="Actor"/>, an API key id or <c>system</c>) did what (<see cref="Action"/>, e.g.
/// <c>tenant.updated</c>) to which <see cref="Target"/>, with JSON <see cref="Details"/>. <see cref="Hash"/> chains it to the entry before.
/// </summary>
public sealed record AuditEntry(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string? Tenant,
    string Action,
    string Target,
    string Details,
    string PreviousHash,
    string Hash);
