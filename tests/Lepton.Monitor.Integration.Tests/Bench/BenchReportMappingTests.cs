using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Bench;

/// <summary>A bench's figures onto the report's: what was not measured is left out, targets ride along, ratios become checks.</summary>
public sealed class BenchReportMappingTests
{
    private static BenchReport Report(double halfRateP99Ms = double.NaN) =>
        new(Records: 100_000, ParseValidatePerSecond: 400_000, OnnxRowsPerSecond: 2_000_000, OnnxBatch: 4096, PipelinePerSecond: 60_000,
            PipelineCpuMicrosPerRecord: 30, SaturatedP50Ms: 80, SaturatedP99Ms: 160, HalfRatePerSecond: 30_000, HalfRateP50Ms: 4,
            HalfRateP99Ms: halfRateP99Ms, HalfRateAlerts: 10, AlertsRaised: 3_000);

    [Fact]
    public void Unmeasured_figures_are_left_out()
    {
        var input = BenchReportMapping.ToReportInput(Report(), new BenchOptions(), cores: 2, os: "Linux");

        Assert.Equal(["raw parse+validate (1 thread)", "raw ONNX Run, batch 4,096 (1 thread)", "parse+score limit", "pipeline (in-process)"],
            input.Throughput.Select(t => t.Path));
        Assert.Equal(200_000, input.Throughput.Single(t => t.Path == "pipeline (in-process)").Target);
        Assert.Equal("rows/s", input.Throughput[1].Unit);
        var latency = Assert.Single(input.Latency);  // half rate had no samples (NaN p99)
        Assert.Equal("ingest to alert at saturation", latency.Scenario);
        var cost = Assert.Single(input.Costs);       // no runtime counters: the CPU figure alone
        Assert.Equal((30, 10.0), (cost.Value, cost.TargetAtMost));
        Assert.Empty(input.Checks);
    }

    [Fact]
    public void Measured_phases_bring_their_targets_and_ratios()
    {
        var report = Report(halfRateP99Ms: 12) with
        {
            HttpPerSecond = 57_000,
            HttpHalfRate = new HttpHalfRateResult(28_500, 28_400, 1_000, 280, 3.1, 9.5, 14),
            PipelineRuntime = new RuntimeCost(100_000, 150_000_000, 40, 2, 0, TimeSpan.FromMilliseconds(90), 300_000, 4, 9,
                TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1.7)),
        };

        var input = BenchReportMapping.ToReportInput(report, new BenchOptions(), cores: 2, os: "Linux");

        Assert.Contains(input.Throughput, t => t.Path == "HTTP path" && t.PerSecond == 57_000);
        var half = input.Latency.Single(l => l.Scenario.StartsWith("ingest to alert at half rate", StringComparison.Ordinal));
        Assert.Equal((12, 25.0), (half.P99Ms, half.TargetP99Ms));
        var post = input.Latency.Single(l => l.Scenario.StartsWith("POST /v1/records", StringComparison.Ordinal));
        Assert.Equal((9.5, 14.0, 20.0), (post.P99Ms, post.MaxMs, post.TargetP99Ms));
        Assert.Contains(input.Costs, c => c.Name == "pipeline: allocated per record" && c.Value == 1_500 && c.TargetAtMost == 300);
        var http = input.Checks.Single(c => c.Name == "HTTP / in-process");
        Assert.Equal((0.95, 0.90, true), (http.Measured, http.Target, http.Met));
        Assert.Contains(input.Checks, c => c.Name == "pipeline: gen2 collections" && c.Met);
        // Every target the page lists: the figures' own and the checks.
        Assert.Equal(7, input.AllChecks().Count);
    }
}
