using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// Baseline-substitution explanation of one record: row 0 is the record, row i + 1 the record with feature i set to
/// its training mean. Contribution of feature i = score(record) − score(row i + 1): how much that feature's actual
/// value moved the score away from a typical value.
/// </summary>
internal sealed class ExplainWorkItem(MonitoredRecord record, float[] baselineMeans, IReadOnlyList<string> names, int top) : ScoringWorkItem
{
    private readonly TaskCompletionSource<FeatureContribution[]> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly float[] _values = new float[FeatureExtractor.FeatureCount];

    public Task<FeatureContribution[]> Task => _completion.Task;

    public override int Rows => FeatureExtractor.FeatureCount + 1;

    public override bool IsAbandoned => _completion.Task.IsCompleted;

    public override void WriteFeatures(FeatureExtractor extractor, Span<float> destination)
    {
        const int width = FeatureExtractor.FeatureCount;
        extractor.Extract(record, _values);
        _values.CopyTo(destination);
        for (var i = 0; i < width; i++)
        {
            var row = destination.Slice((i + 1) * width, width);
            _values.CopyTo(row);
            row[i] = baselineMeans[i];
        }
    }

    public override void Complete(ReadOnlySpan<float> scores)
    {
        var score = (double)scores[0];
        var contributions = new FeatureContribution[FeatureExtractor.FeatureCount];
        for (var i = 0; i < contributions.Length; i++)
            contributions[i] = new FeatureContribution(names[i], _values[i], score - scores[i + 1]);
        // Stable order: by magnitude, then by feature position so equal contributions keep the card's order.
        var ordered = contributions
            .Select((c, i) => (c, i))
            .OrderByDescending(t => Math.Abs(t.c.Contribution))
            .ThenBy(t => t.i)
            .Take(top)
            .Select(t => t.c)
            .ToArray();
        _completion.TrySetResult(ordered);
    }

    public override void Fail(Exception error) => _completion.TrySetException(error);

    public void Cancel(CancellationToken ct) => _completion.TrySetCanceled(ct);
}
