namespace Lepton.Monitor.Ingest;

/// <summary>
/// Records acknowledged by their monitors but not yet checkpointed: their sequence numbers, the monitors they
/// touched and the callers waiting for them. The dispatcher takes everything at a checkpoint, has each touched
/// monitor persist its state, and only then marks the sequences processed; if that fails, it retries the same set.
/// </summary>
internal sealed class CheckpointBarrier
{
    private readonly Lock _gate = new();
    private PendingCheckpoint _pending = new();

    /// <summary>True when callers wait for acknowledged records: they are checkpointed without waiting for the interval.</summary>
    public bool HasWaiters
    {
        get
        {
            lock (_gate)
                return _pending.Waiters.Count > 0;
        }
    }

    public void Acknowledge(List<long> sequences, IEnumerable<string> monitors, List<TaskCompletionSource> waiters, int records)
    {
        lock (_gate)
        {
            _pending.Sequences.AddRange(sequences);
            foreach (var monitor in monitors)
                _pending.Monitors.Add(monitor);
            _pending.Waiters.AddRange(waiters);
            _pending.Records += records;
        }
    }

    /// <summary>Everything acknowledged so far (null when nothing is), leaving the barrier empty for new acknowledgements.</summary>
    public PendingCheckpoint? Take()
    {
        lock (_gate)
        {
            if (_pending.Records == 0 && _pending.Sequences.Count == 0 && _pending.Waiters.Count == 0)
                return null;
            var taken = _pending;
            _pending = new PendingCheckpoint();
            return taken;
        }
    }

    /// <summary>Shutting down: callers waiting for records not checkpointed learn so (their offsets stay uncommitted).</summary>
    public void CancelWaiters()
    {
        lock (_gate)
        {
            foreach (var waiter in _pending.Waiters)
                waiter.TrySetCanceled();
            _pending.Waiters.Clear();
        }
    }
}

internal sealed class PendingCheckpoint
{
    public List<long> Sequences { get; } = [];

    public HashSet<string> Monitors { get; } = new(StringComparer.Ordinal);

    public List<TaskCompletionSource> Waiters { get; } = [];

    public long Records { get; set; }
}
