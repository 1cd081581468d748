namespace Lepton.Monitor.Ingest;

/// <summary>
/// Records acknowledged by their monitors but not yet checkpointed: their sequence numbers and the monitors they
/// touched. The dispatcher takes everything at a checkpoint, has each touched
/// monitor persist its state, and only then marks the sequences processed; if that fails, it retries the same set.
/// </summary>
internal sealed class CheckpointBarrier
{
    private readonly Lock _gate = new();
    private PendingCheckpoint _pending = new();

    public void Acknowledge(List<long> sequences, List<string> monitors, int records)
    {
        lock (_gate)
        {
            _pending.Sequences.AddRange(sequences);
            foreach (var monitor in monitors)
                _pending.Monitors.Add(monitor);
            _pending.Records += records;
        }
    }

    /// <summary>Everything acknowledged so far (null when nothing is), leaving the barrier empty for new acknowledgements.</summary>
    public PendingCheckpoint? Take()
    {
        lock (_gate)
        {
            if (_pending.Records == 0 && _pending.Sequences.Count == 0)
                return null;
            var taken = _pending;
            _pending = new PendingCheckpoint();
            return taken;
        }
    }
}

internal sealed class PendingCheckpoint
{
    /// <summary>Chunked, not one list: see <see cref="SequenceChunks"/>.</summary>
    public SequenceChunks Sequences { get; } = new();

    public HashSet<string> Monitors { get; } = new(StringComparer.Ordinal);

    public long Records { get; set; }
}
