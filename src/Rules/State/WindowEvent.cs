using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// What a windowed rule needs of one past record: event time, amount in the pack currency's cents, channel, and the
/// record id, so an alert can list every record of its pattern and a replayed record is recognised (by its 64-bit
/// <see cref="RecordKey"/>) instead of counted twice. 32 bytes: the id is the record's own string, held rather than
/// copied, so observing allocates nothing; the key is not stored but computed from the id when a replay check needs it
/// (only against held events of the same time), which saves a quarter of every entity's buffer and a hash per record.
/// An event restored from a version-1 snapshot has no id, only its key (boxed in the same field: such events are rare
/// and never created on the hot path).
/// </summary>
public readonly record struct WindowEvent
{
    // The record id (string), or for a version-1 event its key (boxed long), or null for neither.
    private readonly object? _idOrKey;

    public WindowEvent(long ticks, long amountCents, PaymentChannel channel, string? recordId = null)
    {
        Ticks = ticks;
        AmountCents = amountCents;
        Channel = channel;
        _idOrKey = recordId;
    }

    private WindowEvent(long ticks, long amountCents, PaymentChannel channel, long recordKey)
    {
        Ticks = ticks;
        AmountCents = amountCents;
        Channel = channel;
        _idOrKey = recordKey == 0 ? null : recordKey;
    }

    /// <summary>An event known by its record key alone (a version-1 snapshot held no ids).</summary>
    public static WindowEvent WithKeyOnly(long ticks, long amountCents, PaymentChannel channel, long recordKey) =>
        new(ticks, amountCents, channel, recordKey);

    public long Ticks { get; }

    public long AmountCents { get; }

    public PaymentChannel Channel { get; }

    /// <summary>The record's id; null only for events restored from a version-1 snapshot.</summary>
    public string? RecordId => _idOrKey as string;

    /// <summary><see cref="KeyOf"/> the record id (computed, not stored), or the key a version-1 event was restored with; 0 for none.</summary>
    public long RecordKey => _idOrKey switch
    {
        string id => KeyOf(id),
        long key => key,
        _ => 0,
    };

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
