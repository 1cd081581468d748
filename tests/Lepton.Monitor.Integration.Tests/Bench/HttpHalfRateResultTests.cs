using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Bench;

/// <summary>Issue 18 item 4's HTTP figure: percentiles of the request latencies and the ≤ 20 ms verdict in the report.</summary>
public sealed class HttpHalfRateResultTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_the_sorted_samples()
    {
        var sorted = Enumerable.Range(1, 200).Select(i => (double)i).ToArray();

        Assert.Equal(100, LatencyRecorder.Percentile(sorted, 0.50));
        Assert.Equal(198, LatencyRecorder.Percentile(sorted, 0.99));
        Assert.Equal(200, LatencyRecorder.Percentile(sorted, 1.0));
        Assert.Equal(1, LatencyRecorder.Percentile(sorted, 0.0));
        Assert.Equal(7, LatencyRecorder.Percentile([7], 0.99));
        Assert.True(double.IsNaN(LatencyRecorder.Percentile([], 0.99)));
    }

    [Fact]
    public void The_result_sorts_the_latencies_it_is_given_and_leaves_them_as_they_were()
    {
        double[] latencies = [30, 4, 12, 8, 6, 5, 9, 7, 11, 10];

        var result = HttpHalfRateResult.From(latencies, targetPerSecond: 4_000, achievedPerSecond: 3_990, bodyRecords: 1_000);

        Assert.Equal(10, result.Requests);
        Assert.Equal(8, result.P50Ms);
        Assert.Equal(30, result.P99Ms);
        Assert.Equal(30, result.MaxMs);
        Assert.Equal(30, latencies[0]);
        Assert.False(result.MeetsTarget);
        Assert.Contains("p99     30.0 ms", result.Format());
        Assert.Contains("issue 18: ≤ 20 ms, MISSED", result.Format());
    }

    [Fact]
    public void The_report_carries_the_http_half_rate_line_and_the_ratio_targets()
    {
        var report = new BenchReport(100_000, 600_000, 90_000_000, 4_096, 100_000, 20, 1, 2, 50_000, 1, 2, 3, 4)
        {
            HttpPerSecond = 95_000,
            HttpHalfRate = HttpHalfRateResult.From([5, 6, 7, 19.5], 47_500, 47_400, 1_000),
            Kafka = new KafkaBenchResult(100_000, 4, 1_000_000, 500_000, 70_000, 1.5),
        };

        var text = report.ToString();

        Assert.Contains("HTTP at half rate (47,500/s, 1,000-record bodies)", text);
        Assert.Contains("p99     19.5 ms  (issue 18: ≤ 20 ms, met", text);
        Assert.Matches(@"ratio HTTP / in-process +95\.0 %  \(issue 18: ≥ 90 %, met\)", text);
        Assert.Matches(@"ratio Kafka / HTTP +73\.7 %  \(issue 18: ≥ 80 %, MISSED\)", text);
        Assert.Contains("100,000 records/s  (issue 18: ≥ 200,000 on 2 cores, MISSED", text);
        Assert.Contains("(ingest to alert; issue 18: ≤ 25 ms, met", text);

        var without = (report with { HttpPerSecond = null, HttpHalfRate = null, Kafka = null }).ToString();
        Assert.DoesNotContain("HTTP at half rate", without);
        Assert.DoesNotContain("ratio HTTP", without);
        Assert.DoesNotContain("ratio Kafka", without);
    }

    [Fact]
    public void A_target_without_a_figure_is_not_measured_rather_than_met()
    {
        Assert.Equal("issue 18: ≤ 20 ms, not measured", IssueTarget.AtMost(double.NaN, 20, unit: " ms"));
        Assert.Equal("issue 18: ≥ 90 %, MISSED", IssueTarget.AtLeast(0.899, 0.90, "P0"));
        Assert.Equal("issue 18: ≤ 300, met", IssueTarget.AtMost(300, 300));
    }
}
