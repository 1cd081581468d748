namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// Issue 18, item 4's HTTP figure: POST /v1/records latency (request start → 202, the group commit fsync'd) of
/// <see cref="BodyRecords"/>-record bodies sent on a schedule at half the measured HTTP rate.
/// </summary>
public sealed record HttpHalfRateResult(
    double TargetPerSecond,
    double AchievedPerSecond,
    int BodyRecords,
    int Requests,
    double P50Ms,
    double P99Ms,
    double MaxMs)
{
    /// <summary>Issue 18, item 4: p99 of POST /v1/records for 1,000-record bodies at half rate.</summary>
    public const double TargetP99Ms = 20;

    public bool MeetsTarget => P99Ms <= TargetP99Ms;

    /// <summary>From the request latencies in milliseconds (any order), the schedule's rate and what it held.</summary>
    public static HttpHalfRateResult From(double[] latenciesMs, double targetPerSecond, double achievedPerSecond, int bodyRecords)
    {
        var sorted = (double[])latenciesMs.Clone();
        Array.Sort(sorted);
        return new HttpHalfRateResult(targetPerSecond, achievedPerSecond, bodyRecords, sorted.Length,
            LatencyRecorder.Percentile(sorted, 0.50), LatencyRecorder.Percentile(sorted, 0.99),
            sorted.Length == 0 ? double.NaN : sorted[^1]);
    }

    public string Format()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Create(c,
            $"HTTP at half rate ({TargetPerSecond:N0}/s, {BodyRecords:N0}-record bodies)   p50 {P50Ms,8:N1} ms   p99 {P99Ms,8:N1} ms  ({IssueTarget.AtMost(P99Ms, TargetP99Ms, unit: " ms")}; {Requests:N0} POSTs, max {MaxMs:N1} ms, held {AchievedPerSecond:N0}/s)")
            + Environment.NewLine;
    }
}
