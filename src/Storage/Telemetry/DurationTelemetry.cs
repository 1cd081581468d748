using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Durations are recorded in seconds, as OpenTelemetry's semantic conventions ask (instrument <c>*.duration</c>, unit
/// <c>s</c>); the SDK's default buckets (0, 5, 10, 25 … 10000) suit milliseconds, so every duration histogram carries
/// these boundaries as advice: 0.5 ms to 60 s, about ×2.5 apart.
/// </summary>
public static class DurationTelemetry
{
    public const string Unit = "s";

    public static readonly IReadOnlyList<double> Boundaries =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly InstrumentAdvice<double> Advice = new() { HistogramBucketBoundaries = Boundaries };

    /// <summary>A seconds histogram named <paramref name="name"/> (end it in <c>.duration</c>) with the boundaries above.</summary>
    public static Histogram<double> CreateDuration(this Meter meter, string name, string description) =>
        meter.CreateHistogram(name, Unit, description, tags: null, advice: Advice);
}
