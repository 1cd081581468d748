using System.Globalization;
using Lepton.Monitor.Drift.Benchmarks;
using Lepton.Monitor.DevTools.Backtest;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// `lepton bench --monitors`: what the rules (all packs, entity windows) and the drift/fairness monitors cost, alone and
/// inside the pipeline: rule evaluation records/s and bytes per tracked entity; drift Observe/Check cost with 30
/// features; then the in-process pipeline with signals off and on, alternating, and the on/off ratio.
/// </summary>
public sealed class MonitorsBenchmark(BenchOptions options, int rounds, TextWriter output)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task RunAsync()
    {
        var rules = RuleBenchmark.Run(RuleBenchmark.Prepare(200_000));
        output.WriteLine(string.Create(Inv,
            $"rules, all packs, 1 thread: {rules.RecordsPerSecond:N0} records/s ({rules.EvaluationsPerRecord:0.00} pack evaluations per record), " +
            $"{rules.TrackedEntities:N0} tracked entities at {rules.MeasuredBytesPerEntity:N0} B each measured ({rules.ApproximateBytesPerEntity:N0} estimated), " +
            $"{rules.AllocatedBytesPerRecord} B allocated per record"));
        output.WriteLine(DriftBenchmark.Run(30, 200_000).ToString());
        output.WriteLine(DriftBenchmark.Run(19, 200_000).ToString());
        output.WriteLine();

        var off = new List<BenchReport>();
        var on = new List<BenchReport>();
        var quiet = options with { HalfRateSeconds = 0, Http = false, Kafka = false };
        for (var i = 0; i < rounds; i++)
        {
            off.Add(await new PipelineBenchmark(quiet with { HostArgs = ["--Lepton:Signals:Enabled", "false"] }, TextWriter.Null).RunAsync());
            on.Add(await new PipelineBenchmark(quiet with { HostArgs = ["--Lepton:Signals:Enabled", "true"] }, TextWriter.Null).RunAsync());
            output.WriteLine(string.Create(Inv,
                $"round {i + 1}: pipeline signals off {off[^1].PipelinePerSecond:N0} records/s ({off[^1].PipelineCpuMicrosPerRecord:0.0} µs CPU/record), " +
                $"on {on[^1].PipelinePerSecond:N0} records/s ({on[^1].PipelineCpuMicrosPerRecord:0.0} µs CPU/record), ratio on/off {on[^1].PipelinePerSecond / off[^1].PipelinePerSecond:P0}"));
        }
        var ratio = on.Sum(r => r.PipelinePerSecond) / off.Sum(r => r.PipelinePerSecond);
        var cpu = on.Sum(r => r.PipelineCpuMicrosPerRecord) / off.Sum(r => r.PipelineCpuMicrosPerRecord);
        output.WriteLine(string.Create(Inv, $"pipeline with drift+fairness monitors on / off over {rounds} alternating rounds: throughput {ratio:P0}, CPU per record {cpu:P0}"));
    }
}
