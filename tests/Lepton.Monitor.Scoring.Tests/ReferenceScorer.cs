using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring.Tests;

/// <summary>Scores records one at a time through a bare <see cref="RawOnnxRunner"/>: the unbatched reference.</summary>
internal sealed class ReferenceScorer(string modelPath) : IDisposable
{
    // Fresh OrtValues per call: the reference must not share the bound-tensor path it is compared with.
    private readonly RawOnnxRunner _runner = new(modelPath, new ScoringOptions { Device = ScoringDevice.Cpu, ReuseBoundTensors = false });

    public ReferenceScorer()
        : this(TestRecords.ShippedModelPath)
    {
    }
    private readonly FeatureExtractor _extractor = new(FixedRateCurrencyConverter.Default);

    public float[] Features(MonitoredRecord record)
    {
        var f = new float[FeatureExtractor.FeatureCount];
        _extractor.Extract(record, f);
        return f;
    }

    public double Score(float[] features)
    {
        var score = new float[1];
        _runner.Run(features, 1, score);
        return score[0];
    }

    public double Score(MonitoredRecord record) => Score(Features(record));

    public void Dispose() => _runner.Dispose();
}
