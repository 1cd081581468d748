namespace Lepton.Monitor.Reporting.Bench;

/// <summary>Records (or rows, events) per second through one path, e.g. "pipeline (in-process)", "HTTP", "Kafka path".</summary>
public sealed record ThroughputFigure(string Path, double PerSecond)
{
    /// <summary>The target it should reach (at least); null when the path has none.</summary>
    public double? Target { get; init; }

    /// <summary>What is counted per second ("records/s", "rows/s" …).</summary>
    public string Unit { get; init; } = RecordsPerSecond;

    /// <summary>The unit of a path's throughput: what the chart compares (other units are in the table only).</summary>
    public const string RecordsPerSecond = "records/s";
}
