using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>
/// One line of a bundle's entries.jsonl: the stored entry plus <see cref="AtTicks"/>, the exact instant the hash covers
/// (UTC ticks, 100 ns since 0001-01-01), so a verifier never depends on how a timestamp string is parsed.
/// </summary>
public sealed record AuditBundleEntry(
    long Seq, DateTimeOffset At, long AtTicks, string Actor, string? Tenant, string Action, string Target, string Details, string PreviousHash, string Hash)
{
    public static AuditBundleEntry From(AuditEntry e) =>
        new(e.Seq, e.At, e.At.UtcTicks, e.Actor, e.Tenant, e.Action, e.Target, e.Details, e.PreviousHash, e.Hash);
}
