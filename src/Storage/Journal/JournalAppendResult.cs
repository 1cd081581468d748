namespace Lepton.Monitor.Storage;

/// <summary>
/// Outcome of <see cref="IRecordJournal.AppendAsync"/>: per input position, the sequence number the record
/// was journaled under, <see cref="Duplicate"/> (0) when it was not appended because the same record (same
/// (tenant, id), same content) was already journaled, or <see cref="Conflict"/> (-1) when its (tenant, id) was
/// already journaled with different content. Sequence numbers start at 1.
/// </summary>
public sealed class JournalAppendResult
{
    public const long Duplicate = 0;

    /// <summary>The id is already used for a different record: not appended, and not an idempotent retry either.</summary>
    public const long Conflict = -1;

    public static readonly JournalAppendResult Empty = new([]);

    private readonly long[] _sequences;

    public JournalAppendResult(long[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        _sequences = sequences;
        foreach (var seq in sequences)
        {
            if (seq > 0)
                NewCount++;
            else if (seq == Conflict)
                ConflictCount++;
        }
    }

    /// <summary>Sequence per input position; <see cref="Duplicate"/> or <see cref="Conflict"/> where nothing was appended.</summary>
    public IReadOnlyList<long> Sequences => _sequences;

    public int NewCount { get; }

    /// <summary>Records not appended because their id already names a different record.</summary>
    public int ConflictCount { get; }

    public int DuplicateCount => _sequences.Length - NewCount - ConflictCount;

    public bool IsNew(int index) => _sequences[index] > 0;

    public bool IsConflict(int index) => _sequences[index] == Conflict;
}
