using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Silo.Load;

/// <summary>The outcome of a load run: what was asked, what the target took, how fast, how late, and its memory.</summary>
public sealed record LoadReport
{
    /// <summary>The achieved rate may fall this far below the asked one and the run still passes.</summary>
    public const double RateTolerance = 0.05;

    public required string Target { get; init; }
    public required double RateAsked { get; init; }
    public required double DurationSeconds { get; init; }
    public required long Scheduled { get; init; }
    public required long Sent { get; init; }
    public required long Duplicates { get; init; }
    /// <summary>Seconds from the start to the last acknowledgement, at least the duration asked.</summary>
    public required double ElapsedSeconds { get; init; }
    public required double AchievedRate { get; init; }
    public required double P50Ms { get; init; }
    public required double P90Ms { get; init; }
    public required double P99Ms { get; init; }
    public required double MaxMs { get; init; }
    public required long LatencySamples { get; init; }
    public required long BackpressureRecords { get; init; }
    public required long FailedRecords { get; init; }
    public required IReadOnlyList<LoadError> Errors { get; init; }
    public required long GeneratedDuringRun { get; init; }
    public MemorySummary? Rss { get; init; }
    public MemorySummary? GcHeap { get; init; }
    public required IReadOnlyList<LoadSample> Samples { get; init; }

    /// <summary>The run passes when the achieved rate is within 5 % of the asked one and nothing failed but backpressure.</summary>
    public bool Passed => AchievedRate >= RateAsked * (1 - RateTolerance) && FailedRecords == 0;

    public static LoadReport From(string target, LoadOptions options, LoadStatistics stats, double elapsedSeconds, long generatedDuringRun, IReadOnlyList<LoadSample> samples) => new()
    {
        Target = target,
        RateAsked = options.Rate,
        DurationSeconds = options.Duration.TotalSeconds,
        Scheduled = options.TotalRecords,
        Sent = stats.Acknowledged,
        Duplicates = stats.Duplicates,
        ElapsedSeconds = elapsedSeconds,
        AchievedRate = stats.Acknowledged / elapsedSeconds,
        P50Ms = stats.Total.PercentileMs(0.50),
        P90Ms = stats.Total.PercentileMs(0.90),
        P99Ms = stats.Total.PercentileMs(0.99),
        MaxMs = stats.Total.MaxMs,
        LatencySamples = stats.Total.Count,
        BackpressureRecords = stats.BackpressureRecords,
        FailedRecords = stats.FailedRecords,
        Errors = stats.Errors.Select(e => new LoadError(e.Kind, e.Records, e.Backpressure)).ToList(),
        GeneratedDuringRun = generatedDuringRun,
        Rss = MemorySummary.Of(samples.Select(s => s.RssBytes)),
        GcHeap = MemorySummary.Of(samples.Select(s => s.GcHeapBytes)),
        Samples = samples,
    };

    public void WriteSummary(TextWriter w)
    {
        w.WriteLine($"load: {Sent:N0} of {Scheduled:N0} records acknowledged in {ElapsedSeconds:F1} s: {AchievedRate:N0} records/s of {RateAsked:N0} asked ({AchievedRate / RateAsked:P1})"
            + (Duplicates > 0 ? $", {Duplicates:N0} of them duplicates" : ""));
        w.WriteLine($"latency (due → acknowledged, {LatencySamples:N0} sends): p50 {P50Ms:F1} ms, p90 {P90Ms:F1} ms, p99 {P99Ms:F1} ms, max {MaxMs:F1} ms");
        if (Errors.Count == 0)
            w.WriteLine("errors: none");
        foreach (var e in Errors)
            w.WriteLine($"errors: {e.Kind}: {e.Records:N0} records{(e.Backpressure ? " (backpressure)" : "")}");
        w.WriteLine($"target RSS: {Rss?.ToString() ?? "not read (no /metrics)"}");
        w.WriteLine($"target GC heap: {GcHeap?.ToString() ?? "not read (no /metrics)"}");
        if (GeneratedDuringRun > 0)
            w.WriteLine($"note: {GeneratedDuringRun:N0} records were generated during the run (beyond the read-ahead), on this machine's cores");
        w.WriteLine(Passed ? "result: pass" : $"result: FAIL ({(FailedRecords > 0 ? $"{FailedRecords:N0} records failed" : $"achieved rate below {1 - RateTolerance:P0} of the asked one")})");
    }

    public const string CsvHeader = "t_s,sent,rate_per_s,p99_ms,rss_bytes,gc_heap_bytes";

    public string ToCsv()
    {
        var csv = new StringBuilder(CsvHeader).Append('\n');
        foreach (var s in Samples)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.Seconds:0.###},{s.Sent},{s.Rate:0.#},{(double.IsNaN(s.P99Ms) ? "" : s.P99Ms.ToString("0.###", CultureInfo.InvariantCulture))},")
                .Append(CultureInfo.InvariantCulture, $"{s.RssBytes?.ToString("0", CultureInfo.InvariantCulture)},{s.GcHeapBytes?.ToString("0", CultureInfo.InvariantCulture)}\n");
        }
        return csv.ToString();
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
