namespace Lepton.Monitor.Storage;

/// <summary>
/// A journal's published state: written by its single writer after each commit, read by any thread (the watermark,
/// the last committed seq and <see cref="JournalDiagnostics"/>). Shared by every backend.
/// </summary>
internal sealed class JournalCounters
{
    private long _committedLastSeq;
    private long _committedWatermark;
    private long _appendRequests;
    private long _commits;
    private long _recordsAppended;
    private long _duplicates;
    private long _conflicts;
    private int _pendingMarkRanges;

    public long CommittedLastSeq => Volatile.Read(ref _committedLastSeq);

    public long CommittedWatermark => Volatile.Read(ref _committedWatermark);

    public JournalDiagnostics Snapshot() => new(
        Interlocked.Read(ref _appendRequests),
        Interlocked.Read(ref _commits),
        Interlocked.Read(ref _recordsAppended),
        Interlocked.Read(ref _duplicates),
        Volatile.Read(ref _committedLastSeq),
        Volatile.Read(ref _committedWatermark),
        Volatile.Read(ref _pendingMarkRanges));

    /// <summary>The state found at open.</summary>
    public void Loaded(long lastSeq, long watermark)
    {
        Volatile.Write(ref _committedLastSeq, lastSeq);
        Volatile.Write(ref _committedWatermark, watermark);
    }

    public void AppendQueued() => Interlocked.Increment(ref _appendRequests);

    public void Committed(long lastSeq, long watermark, int pendingMarkRanges, long appended, long duplicates, long conflicts)
    {
        Volatile.Write(ref _committedLastSeq, lastSeq);
        Volatile.Write(ref _committedWatermark, watermark);
        Volatile.Write(ref _pendingMarkRanges, pendingMarkRanges);
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _recordsAppended, appended);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _conflicts, conflicts);
    }

    /// <summary>
    /// Only seqs already committed and handed out may be marked; anything else would let the watermark run past
    /// records that are not processed.
    /// </summary>
    public void ValidateMarks(long[] seqs)
    {
        var committedLastSeq = CommittedLastSeq;
        foreach (var seq in seqs)
            if (seq < 1 || seq > committedLastSeq)
                throw new ArgumentOutOfRangeException(nameof(IRecordJournal.MarkProcessedAsync), seq,
                    $"sequence {seq.ToString(System.Globalization.CultureInfo.InvariantCulture)} was never handed out by this journal");
    }
}
