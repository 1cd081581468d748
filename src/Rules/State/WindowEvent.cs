using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// What a windowed rule needs of one past record: event time, amount in the pack currency's cents, channel, a 64-bit
/// key of the record id so a replayed record is recognised instead of counted twice, and the id itself so an alert can
/// list every record of its pattern. 40 bytes; the id is the record's own string, held rather than copied, so observing
/// allocates nothing. Null only for events restored from a version-1 snapshot (which held the key alone).
/// </summary>
public readonly record struct WindowEvent(long Ticks, long AmountCents, PaymentChannel Channel, long RecordKey = 0, string? RecordId = null)
{
    /// <summary>
    /// FNV-1a over the id's UTF-16 code units: stable across processes (unlike <see cref="string.GetHashCode()"/>), so it
    /// survives a snapshot. 0 means "no id" and never deduplicates.
    /// </summary>
    public static long KeyOf(string? recordId)
    {
        if (recordId is null)
            return 0;
        var hash = 14695981039346656037UL;
        foreach (var c in recordId)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash == 0 ? 1 : (long)hash;
    }
}
