namespace Lepton.Monitor.Storage;

/// <summary>
/// Outcome of <see cref="IRecordJournal.AppendAsync"/>: per input position, the sequence number the record
/// was journaled under, or <see cref="Duplicate"/> (0) when it was not appended because its (tenant, id)
/// was already journaled. Sequence numbers start at 1.
/// </summary>
public sealed class JournalAppendResult
{
    public const long Duplicate = 0;

    public static readonly JournalAppendResult Empty = new([]);

    private readonly long[] _sequences;

    public JournalAppendResult(long[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        _sequences = sequences;
        NewCount = sequences.Count(s => s != Duplicate);
    }

    /// <summary>Sequence per input position; <see cref="Duplicate"/> where nothing was appended.</summary>
    public IReadOnlyList<long> Sequences => _sequences;

    public int NewCount { get; }

    public int DuplicateCount => _sequences.Length - NewCount;

    public bool IsNew(int index) => _sequences[index] != Duplicate;
}
