using Lepton.Monitor.Reporting.Bench;
using Lepton.Monitor.Reporting.Tests.Support;

namespace Lepton.Monitor.Reporting.Tests.Bench;

public class BenchReportTests
{
    internal static BenchReportInput Sample() => new(
        [
            new ThroughputFigure("parse+validate (1 thread)", 412_000),
            new ThroughputFigure("pipeline (in-process)", 182_500) { Target = 200_000 },
            new ThroughputFigure("HTTP path", 171_000),
        ],
        [
            new LatencyFigure("at saturation", 38.2, 95.4),
            new LatencyFigure("at half rate", 4.1, 12.7) { TargetP99Ms = 25, P90Ms = 8.3 },
        ])
    {
        Costs = [new CostFigure("process CPU per record", 9.8, "µs") { TargetAtMost = 10 }, new CostFigure("allocated per record", 1_502, "B")],
        Checks = [new TargetCheck("HTTP / in-process", 0.937, 0.90, AtLeast: true)],
        GeneratedAt = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Targets_are_listed_met_or_missed_with_their_figures()
    {
        using var dir = new TempDirectory();

        var page = ReportPage.Load(ReportWriter.WriteBench(dir.Path, Sample()));

        page.AssertSelfContained();
        var targets = page.Rows("targets");
        Assert.Equal(
        [
            ["pipeline (in-process)", "182,500 records/s", "≥ 200,000 records/s", "missed"],
            ["at half rate p99", "12.7 ms", "≤ 25.0 ms", "met"],
            ["process CPU per record", "9.8 µs", "≤ 10.0 µs", "met"],
            ["HTTP / in-process", "0.937", "≥ 0.9", "met"],
        ], targets);
        Assert.Equal("Targets: 3 of 4 met", page.Section("targets").Element("h2")!.Value);
        Assert.Equal(["parse+validate (1 thread)", "412,000", "records/s", "—"], page.Rows("throughput")[0]);
        Assert.Equal(["at half rate", "4.1", "8.3", "12.7", "—", "≤ 25.0"], page.Rows("latency")[1]);
        Assert.Equal(["allocated per record", "1,502", "B", "—"], page.Rows("costs")[1]);
    }

    [Fact]
    public void Throughput_and_each_latency_scenario_are_drawn_as_decodable_charts()
    {
        using var dir = new TempDirectory();

        var page = ReportPage.Load(ReportWriter.WriteBench(dir.Path, Sample()));

        Assert.Equal(3, page.AssertImagesDecode().Count); // throughput, one latency chart per scenario
        Assert.Equal(["latency-01.png", "latency-02.png", "throughput.png"], page.AssertPngFilesMatchEmbedded());
    }

    [Fact]
    public void A_figure_in_another_unit_is_in_the_table_but_not_on_the_records_per_second_chart()
    {
        using var dir = new TempDirectory();
        var input = Sample() with
        {
            Throughput = [.. Sample().Throughput, new ThroughputFigure("raw ONNX Run", 100_000_000) { Unit = "rows/s" }],
        };

        var page = ReportPage.Load(ReportWriter.WriteBench(dir.Path, input));

        Assert.Equal(["raw ONNX Run", "100,000,000", "rows/s", "—"], page.Rows("throughput")[3]);
        var chart = Assert.Single(page.Section("throughput").Descendants("img"));
        Assert.EndsWith("In the table only, in another unit: raw ONNX Run.", chart.Attribute("alt")!.Value);

        using var onlyRows = new TempDirectory();
        var rowsOnly = ReportPage.Load(ReportWriter.WriteBench(onlyRows.Path, new BenchReportInput([new ThroughputFigure("raw ONNX Run", 1e8) { Unit = "rows/s" }], [])));
        Assert.Empty(rowsOnly.Section("throughput").Descendants("img"));
        Assert.Single(rowsOnly.Rows("throughput"));
    }

    [Fact]
    public void Nothing_measured_gives_a_page_that_says_so()
    {
        using var dir = new TempDirectory();
        var page = ReportPage.Load(ReportWriter.WriteBench(dir.Path, new BenchReportInput([], [])));
        Assert.Contains("measured nothing", page.Document.ToString());
        Assert.Empty(page.All("img"));
    }

    [Fact]
    public void Only_latency_still_draws()
    {
        using var dir = new TempDirectory();
        var page = ReportPage.Load(ReportWriter.WriteBench(dir.Path, new BenchReportInput([], [new LatencyFigure("one", 1, 2)])));
        Assert.Single(page.AssertImagesDecode());
    }

    [Fact]
    public void Non_finite_or_negative_figures_are_refused_with_the_name()
    {
        using var dir = new TempDirectory();
        Assert.Contains("HTTP", Assert.Throws<ReportInputException>(() =>
            ReportWriter.WriteBench(dir.Path, new BenchReportInput([new ThroughputFigure("HTTP", double.NaN)], []))).Message);
        Assert.Contains("slow", Assert.Throws<ReportInputException>(() =>
            ReportWriter.WriteBench(dir.Path, new BenchReportInput([], [new LatencyFigure("slow", -1, 2)]))).Message);
    }

    [Theory]
    [InlineData(10.0, 10.0, true, true)]
    [InlineData(9.9, 10.0, true, false)]
    [InlineData(10.0, 10.0, false, true)]
    [InlineData(10.1, 10.0, false, false)]
    public void A_target_is_met_at_its_bound(double measured, double target, bool atLeast, bool met)
    {
        Assert.Equal(met, new TargetCheck("x", measured, target, atLeast).Met);
    }
}
