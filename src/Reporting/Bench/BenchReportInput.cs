namespace Lepton.Monitor.Reporting.Bench;

/// <summary>
/// What a bench report draws: throughput per path (bar chart, target marks), latency percentiles per scenario (bar
/// chart, target line), per-record costs, and every target met or missed. Figures' own targets are listed as checks
/// too; <see cref="Checks"/> adds those that are not one figure (ratios such as HTTP / in-process ≥ 90 %).
/// </summary>
public sealed record BenchReportInput(IReadOnlyList<ThroughputFigure> Throughput, IReadOnlyList<LatencyFigure> Latency)
{
    public string Title { get; init; } = "Bench";

    /// <summary>What was measured (records, machine, options), shown under the title.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<CostFigure> Costs { get; init; } = [];

    public IReadOnlyList<TargetCheck> Checks { get; init; } = [];

    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>Every target: the figures' own, then <see cref="Checks"/>.</summary>
    public IReadOnlyList<TargetCheck> AllChecks()
    {
        var all = new List<TargetCheck>();
        foreach (var t in Throughput)
            if (t.Target is { } target) all.Add(new TargetCheck(t.Path, t.PerSecond, target, AtLeast: true, " " + t.Unit));
        foreach (var l in Latency)
            if (l.TargetP99Ms is { } target) all.Add(new TargetCheck($"{l.Scenario} p99", l.P99Ms, target, AtLeast: false, " ms"));
        foreach (var c in Costs)
            if (c.TargetAtMost is { } target) all.Add(new TargetCheck(c.Name, c.Value, target, AtLeast: false, " " + c.Unit));
        all.AddRange(Checks);
        return all;
    }
}
