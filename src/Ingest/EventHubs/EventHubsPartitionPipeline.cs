using Azure.Messaging.EventHubs.Processor;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// The batches of one owned partition being processed, oldest first: up to <c>MaxInFlightBatchesPerPartition</c> run
/// at once (pipelining), and a checkpoint may only cover a batch once it and every earlier batch finished. A batch that
/// failed (only when stopping: processing retries until cancelled) ends checkpointing of the partition, so its events
/// are redelivered to the next owner. Touched by the partition's event handler and, after it, its stop handler — the
/// processor never runs them at once; <see cref="CheckpointedSequence"/> is also read by the lag refresh.
/// </summary>
internal sealed class EventHubsPartitionPipeline(string partitionId, int maxInFlight, long checkpointedSequence)
{
    private readonly Queue<EventHubsInFlightBatch> _inFlight = new();
    // Outlives the processor's own cancellation by up to DrainTimeoutMs, so batches in flight can finish and be checkpointed.
    private readonly CancellationTokenSource _processing = new();
    private long _checkpointedSequence = checkpointedSequence;
    private readonly Lock _gate = new();
    private CheckpointPosition? _unwritten;

    public string PartitionId { get; } = partitionId;

    /// <summary>Cancelled when the partition is given up and the drain time is over.</summary>
    public CancellationToken Processing => _processing.Token;

    public int InFlightCount => _inFlight.Count;

    /// <summary>Every slot is taken: the partition reads nothing more until the oldest batch finishes.</summary>
    public bool AtLimit => _inFlight.Count >= maxInFlight;

    /// <summary>A batch did not finish: nothing of this partition may be checkpointed any more.</summary>
    public bool Broken { get; private set; }

    /// <summary>The sequence number of the last checkpointed event (-1: none yet).</summary>
    public long CheckpointedSequence
    {
        get => Interlocked.Read(ref _checkpointedSequence);
        set => Interlocked.Exchange(ref _checkpointedSequence, value);
    }

    /// <summary>
    /// The newest position that finished and is not written yet (one not yet started, or one whose write failed); a
    /// newer one replaces it, since a checkpoint covers every earlier event. Set by the handler and by the background
    /// write, hence the lock.
    /// </summary>
    public CheckpointPosition? Unwritten
    {
        get { lock (_gate) return _unwritten; }
    }

    /// <summary>The checkpoint write in progress (at most one per partition, so they land in order); completed when none is.</summary>
    public Task Writing { get; set; } = Task.CompletedTask;

    /// <summary>Records <paramref name="position"/> as the newest finished one, to be written.</summary>
    public void Finished(CheckpointPosition position)
    {
        lock (_gate)
            _unwritten = position;
    }

    /// <summary>Takes the position to write next (null when there is none), leaving none unwritten.</summary>
    public CheckpointPosition? TakeUnwritten()
    {
        lock (_gate)
        {
            var position = _unwritten;
            _unwritten = null;
            return position;
        }
    }

    /// <summary>A write of <paramref name="position"/> failed: it is written again later, unless a newer position finished meanwhile.</summary>
    public void WriteFailed(CheckpointPosition position)
    {
        lock (_gate)
            _unwritten ??= position;
    }

    public void Add(EventHubsInFlightBatch batch) => _inFlight.Enqueue(batch);

    /// <summary>The oldest batch still in flight, or null.</summary>
    public Task? Oldest => _inFlight.Count > 0 ? _inFlight.Peek().Processing : null;

    /// <summary>
    /// Takes finished batches off the head, in order, and returns the position the partition may be checkpointed at:
    /// that of the last one that finished with every earlier one (null when none did). Stops at the first unfinished
    /// batch; a failed one marks the pipeline <see cref="Broken"/> and is returned as <paramref name="failure"/>.
    /// </summary>
    public CheckpointPosition? TakeFinished(out Exception? failure)
    {
        failure = null;
        CheckpointPosition? position = null;
        while (_inFlight.Count > 0 && _inFlight.Peek().Processing.IsCompleted)
        {
            var batch = _inFlight.Dequeue();
            if (!batch.Processing.IsCompletedSuccessfully)
            {
                failure ??= batch.Processing.Exception?.GetBaseException() ?? new OperationCanceledException("the batch was cancelled");
                Broken = true;
            }
            if (!Broken)
                position = batch.Last;
        }
        return position;
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every batch in flight; returns how many are still unfinished.</summary>
    public async Task<int> DrainAsync(TimeSpan timeout)
    {
        var tasks = _inFlight.Select(b => b.Processing).ToArray();
        if (tasks.Length == 0)
            return 0;
        try
        {
            await Task.WhenAll(tasks).WaitAsync(timeout);
        }
        catch (Exception)
        {
            // A timeout or a failed batch: TakeFinished sorts out what may be checkpointed.
        }
        return tasks.Count(t => !t.IsCompleted);
    }

    /// <summary>Stops the batches still in flight (their submit retries end); their events are redelivered to the next owner.</summary>
    /// <remarks>The source is not disposed: those batches may still hold its token (it has no timer to free).</remarks>
    public void Cancel() => _processing.Cancel();
}
