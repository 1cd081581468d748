namespace Lepton.Monitor.Scoring;

/// <summary>Rows whose features the caller already built (row-major, F wide): the loop copies them and hands back raw scores.</summary>
internal sealed class FeatureRowsWorkItem(ReadOnlyMemory<float> rows, int count) : ScoringWorkItem
{
    private readonly TaskCompletionSource<float[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<float[]> Task => _completion.Task;

    public override int Rows => count;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void WriteFeatures(FeatureExtractor extractor, Span<float> destination) => rows.Span.CopyTo(destination);

    public override void Complete(ReadOnlySpan<float> scores) => _completion.TrySetResult(scores.ToArray());

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel(CancellationToken ct) => _completion.TrySetCanceled(ct);
}
