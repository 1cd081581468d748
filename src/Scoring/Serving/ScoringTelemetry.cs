using System.Diagnostics;

namespace Lepton.Monitor.Scoring;

/// <summary>Names to register with OpenTelemetry: <c>AddMeter(ScoringTelemetry.MeterName)</c>, <c>AddSource(ScoringTelemetry.ActivitySourceName)</c>.</summary>
public static class ScoringTelemetry
{
    public const string MeterName = "Lepton.Monitor.Scoring";
    public const string ActivitySourceName = "Lepton.Monitor.Scoring";

    /// <summary>Instrument names (OpenTelemetry style; Prometheus turns dots into underscores).</summary>
    public const string BatchRowsInstrument = "lepton.scoring.batch.rows";
    public const string InferenceDurationInstrument = "lepton.scoring.inference.duration";
    public const string RowsScoredInstrument = "lepton.scoring.rows";
    public const string QueueDepthInstrument = "lepton.scoring.queue.depth";

    /// <summary>One span per ONNX <c>Run</c>.</summary>
    public const string RunActivityName = "onnx.run";

    internal static ActivitySource ActivitySource { get; } = new(ActivitySourceName);
}
