using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Scoring;

/// <summary>The service's metrics on Meter <see cref="ScoringTelemetry.MeterName"/>, tagged with model and device.</summary>
internal sealed class ScoringInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<int> _batchRows;
    private readonly Histogram<double> _inferenceSeconds;
    private readonly Counter<long> _rowsScored;
    private readonly TagList _tags;

    public ScoringInstruments(string modelId, string device, Func<long> queuedRows)
    {
        _meter = new Meter(ScoringTelemetry.MeterName, typeof(ScoringInstruments).Assembly.GetName().Version?.ToString());
        _tags = new TagList { { "model", modelId }, { "device", device } };
        _batchRows = _meter.CreateHistogram<int>(ScoringTelemetry.BatchRowsInstrument, "{row}", "Rows per ONNX Run (dynamic batch size)");
        _inferenceSeconds = _meter.CreateHistogram<double>(ScoringTelemetry.InferenceDurationInstrument, "s", "Duration of one ONNX Run");
        _rowsScored = _meter.CreateCounter<long>(ScoringTelemetry.RowsScoredInstrument, "{row}", "Rows run through the model, explanation rows included");
        var tags = _tags;
        _meter.CreateObservableGauge(ScoringTelemetry.QueueDepthInstrument, () => new Measurement<long>(queuedRows(), tags), "{row}",
            "Rows queued for scoring and not yet run");
    }

    public void RecordRun(int rows, double seconds)
    {
        _batchRows.Record(rows, _tags);
        _inferenceSeconds.Record(seconds, _tags);
        _rowsScored.Add(rows, _tags);
    }

    public void Dispose() => _meter.Dispose();
}
