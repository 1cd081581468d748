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
    public string ModelId { get; }
    public ModelScore[] Results { get; }
    public Task<ModelScore[]> Task => _completion.Task;
    public bool IsDone => _completion.Task.IsCompleted;

    public void ChunkCompleted()
    {
        if (Interlocked.Decrement(ref _pendingChunks) == 0)
            _completion.TrySetResult(Results);
    }

    public void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel(CancellationToken ct) => _completion.TrySetCanceled(ct);
}
