using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>Scores records offline with the ONNX model (CPU, one batch per call), as the silo's scoring service would.</summary>
public sealed class BacktestScorer : IDisposable
{
    private readonly RawOnnxRunner _runner;
    private readonly FeatureExtractor _features;
    private float[] _input = [];
    private float[] _output = [];

    public BacktestScorer(string? modelPath, ICurrencyConverter rates)
    {
        var options = new ScoringOptions { Device = ScoringDevice.Cpu };
        _runner = new RawOnnxRunner(modelPath ?? options.ModelPath, options);
        _features = new FeatureExtractor(rates);
        ModelVersion = _runner.Metadata.TryGetValue("version", out var version)
            ? version
            : Path.GetFileNameWithoutExtension(_runner.ModelPath);
    }

    public string ModelVersion { get; }

    public ModelScore?[] Score(IReadOnlyList<MonitoredRecord> records)
    {
        var scores = new ModelScore?[records.Count];
        if (records.Count == 0)
            return scores;
        var width = FeatureExtractor.FeatureCount;
        if (_input.Length < records.Count * width)
        {
            _input = new float[records.Count * width];
            _output = new float[records.Count];
        }
        for (var i = 0; i < records.Count; i++)
            _features.Extract(records[i], _input.AsSpan(i * width, width));
        _runner.Run(_input, records.Count, _output);
        for (var i = 0; i < records.Count; i++)
            scores[i] = new ModelScore(_output[i], ModelVersion, null);
        return scores;
    }

    public void Dispose() => _runner.Dispose();
}
