using System.Globalization;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// How the bench writes an issue-18 target beside its figure, the same way everywhere: "issue 18: ≤ 20 ms, met",
/// "…, MISSED", or "…, not measured" when the figure is missing (NaN: no samples).
/// </summary>
public static class IssueTarget
{
    /// <param name="format">How the limit is written ("N0", "P0" for a share).</param>
    /// <param name="unit">Written after the limit (" ms", " on 2 cores").</param>
    public static string AtMost(double value, double limit, string format = "N0", string unit = "") =>
        $"issue 18: ≤ {limit.ToString(format, CultureInfo.InvariantCulture)}{unit}, {Verdict(value, value <= limit)}";

    /// <inheritdoc cref="AtMost"/>
    public static string AtLeast(double value, double limit, string format = "N0", string unit = "") =>
        $"issue 18: ≥ {limit.ToString(format, CultureInfo.InvariantCulture)}{unit}, {Verdict(value, value >= limit)}";

    public static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Verdict(double value, bool met) => double.IsNaN(value) ? "not measured" : Verdict(met);
}
