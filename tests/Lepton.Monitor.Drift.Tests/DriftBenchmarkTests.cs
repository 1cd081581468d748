using Lepton.Monitor.Drift.Benchmarks;

namespace Lepton.Monitor.Drift.Tests;

public class DriftBenchmarkTests
{
    [Fact]
    public void Runs_and_reports_positive_costs()
    {
        var result = DriftBenchmark.Run(features: 5, records: 5_000);
        Assert.True(result.NanosecondsPerRecordObserve > 0);
        Assert.True(result.NanosecondsPerRecordObserveBatch > 0);
        Assert.True(result.MicrosecondsPerCheck > 0);
        Assert.True(result.SnapshotBytes > 0);
        Assert.Contains("ns/record", result.ToString());
    }
}
