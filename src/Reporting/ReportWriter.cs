using System.Diagnostics;
using System.Text;
using Lepton.Monitor.Reporting.Backtest;
using Lepton.Monitor.Reporting.Bench;
using Lepton.Monitor.Reporting.Drift;

namespace Lepton.Monitor.Reporting;

/// <summary>
/// Writes a report into a directory: <c>index.html</c>, self-contained (inline CSS, charts as data: URIs, nothing
/// fetched), and each chart again as a PNG beside it for slides and tickets. The directory is created when missing;
/// files of an earlier report with the same names are replaced. Returns the full path of <c>index.html</c>.
/// Bad input throws <see cref="ReportInputException"/> before anything is written; empty input gives a page that says
/// what is missing.
/// </summary>
public static class ReportWriter
{
    public const string IndexFileName = "index.html";

    public static string WriteBacktest(string directory, BacktestReportInput input) => Write(directory, "backtest", () => BacktestPage.Build(input));

    public static string WriteDrift(string directory, DriftReportInput input) => Write(directory, "drift", () => DriftPage.Build(input));

    public static string WriteBench(string directory, BenchReportInput input) => Write(directory, "bench", () => BenchPage.Build(input));

    private static string Write(string directory, string kind, Func<(string Html, IReadOnlyList<ChartImage> Charts)> build)
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new ReportInputException("the report directory is empty");
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
            throw new ReportInputException($"the report directory '{full}' is a file");

        using var activity = ReportingTelemetry.Source.StartActivity("report.write");
        activity?.SetTag("lepton.report.kind", kind);
        var (html, charts) = build();
        Directory.CreateDirectory(full);
        foreach (var chart in charts)
            File.WriteAllBytes(Path.Combine(full, chart.FileName), chart.Png);
        var index = Path.Combine(full, IndexFileName);
        File.WriteAllText(index, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        activity?.SetTag("lepton.report.charts", charts.Count);
        activity?.SetStatus(ActivityStatusCode.Ok);
        return index;
    }
}
