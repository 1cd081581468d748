namespace Lepton.Monitor.Reporting.Bench;

/// <summary>A per-record cost, e.g. ("process CPU per record", 9.8, "µs") or ("allocated per record", 1502, "B").</summary>
public sealed record CostFigure(string Name, double Value, string Unit)
{
    /// <summary>The most it should be; null when none.</summary>
    public double? TargetAtMost { get; init; }
}
