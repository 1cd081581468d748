using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>One caller's <c>ScoreAsync</c>: its records, their results, and how many chunks are still out.</summary>
internal sealed class ScoreJob
{
    private readonly TaskCompletionSource<ModelScore[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingChunks;

    public ScoreJob(IReadOnlyList<MonitoredRecord> records, string modelId, int chunks)
    {
        Records = records;
        ModelId = modelId;
        Results = new ModelScore[records.Count];
        _pendingChunks = chunks;
    }

    public IReadOnlyList<MonitoredRecord> Records { get; }

    /// <summary>
    /// The records' features (row-major, rented from the shared pool), extracted on the caller's thread so the single
    /// batching thread only copies rows and runs the model. Returned to the pool by the loop once every chunk copied its rows.
    /// </summary>
    public float[]? Features { get; set; }
    public string ModelId { get; }
    public ModelScore[] Results { get; }
    public Task<ModelScore[]> Task => _completion.Task;
    public bool IsDone => _completion.Task.IsCompleted;

    public void ChunkCompleted()
    {
        if (Interlocked.Decrement(ref _pendingChunks) == 0)
        {
            // Every chunk has been copied into a batch by now (a chunk completes after its batch ran), so nobody reads it.
            if (Features is { } features)
            {
                Features = null;
                System.Buffers.ArrayPool<float>.Shared.Return(features);
            }
            _completion.TrySetResult(Results);
        }
    }

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel(CancellationToken ct) => _completion.TrySetCanceled(ct);
}
