using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Models;

/// <summary>Running per-model serving figures of one monitor activation (single-threaded: grain turns only).</summary>
public sealed class ModelStatsAccumulator(string modelId, ModelStage stage)
{
    private long _scored;
    private double _scoreSum;
    private long _hits;
    private long _compared;
    private long _agreed;

    public ModelStage Stage { get; set; } = stage;

    public void Add(double score, bool hit)
    {
        _scored++;
        _scoreSum += score;
        if (hit)
            _hits++;
    }

    public void Compare(bool hit, bool productionHit)
    {
        _compared++;
        if (hit == productionHit)
            _agreed++;
    }

    public ModelServingStats Snapshot() =>
        new(modelId, Stage, _scored, _scored == 0 ? 0 : _scoreSum / _scored, _hits, _compared, _agreed);
}
