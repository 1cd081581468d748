using Lepton.Monitor.Reporting.Drift;
using Lepton.Monitor.Reporting.Tests.Support;

namespace Lepton.Monitor.Reporting.Tests.Drift;

public class DriftReportTests
{
    private static DriftReportInput Sample()
    {
        var random = new Random(3);
        var referenceAmount = Enumerable.Range(0, 500).Select(_ => 100 + 30 * random.NextDouble()).ToArray();
        var currentAmount = Enumerable.Range(0, 400).Select(_ => 115 + 30 * random.NextDouble()).ToArray();
        return new DriftReportInput(
        [
            new DriftFeatureInput("amount",
                [new("PSI", 1.62, 0.2), new("KS statistic", 0.5), new("KS p-value", 1e-40, 0.05, LowerIsWorse: true), new("Wasserstein (normed)", 1.7, 0.1)],
                Drifted: true, FeatureHistogram.FromValues(referenceAmount, currentAmount)) { Reasons = "psi, kolmogorovSmirnov, wasserstein" },
            new DriftFeatureInput("channel",
                [new("PSI", 0.01, 0.2), new("Jensen–Shannon", 0.03, 0.1), new("χ² p-value", 0.6)],
                Drifted: false, FeatureHistogram.FromCategories(["web", "web", "app", "branch"], ["web", "app", "app", "branch"])),
            new DriftFeatureInput("tenant id", [new("PSI", double.NaN)], Drifted: false, Histogram: null),
        ])
        {
            Title = "Drift of may.csv against april.csv",
            DatasetDrift = false,
            Figures = [new ReportFigure("drifted share", "33 %")],
            GeneratedAt = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero),
        };
    }

    [Fact]
    public void The_table_has_a_row_per_feature_and_a_column_per_metric()
    {
        using var dir = new TempDirectory();

        var page = ReportPage.Load(ReportWriter.WriteDrift(dir.Path, Sample()));

        page.AssertSelfContained();
        Assert.Equal(["feature", "verdict", "PSI", "KS statistic", "KS p-value", "Wasserstein (normed)", "Jensen–Shannon", "χ² p-value", "reasons"], page.Headers("features"));
        var rows = page.Rows("features");
        Assert.Equal(["amount", "drifted", "1.62 (≥ 0.2)", "0.5", "1.00E-40 (< 0.05)", "1.7 (≥ 0.1)", "", "", "psi, kolmogorovSmirnov, wasserstein"], rows[0]);
        Assert.Equal(["channel", "stable", "0.01 (≥ 0.2)", "", "", "", "0.03 (≥ 0.1)", "0.6", ""], rows[1]);
        Assert.Equal(["tenant id", "stable", "—", "", "", "", "", "", ""], rows[2]);
        // The crossed thresholds are marked, the others not.
        var amountCells = page.All("table").Single(t => (string?)t.Attribute("class") == "features").Descendants("tr").Skip(1).First().Elements("td").ToList();
        Assert.Equal([false, false, true, false, true, true], amountCells.Take(6).Select(c => ((string?)c.Attribute("class") ?? "").Contains("crossed")));
        Assert.Contains("1 of 3 features drifted", page.Section("features").Value);
    }

    [Fact]
    public void Each_feature_with_a_histogram_gets_a_decodable_chart_file()
    {
        using var dir = new TempDirectory();

        var page = ReportPage.Load(ReportWriter.WriteDrift(dir.Path, Sample()));

        Assert.Equal(2, page.AssertImagesDecode().Count);
        Assert.Equal(["feature-01-amount.png", "feature-02-channel.png"], page.AssertPngFilesMatchEmbedded());
        Assert.Contains("amount", (string)page.All("img").First().Attribute("alt")!);
    }

    [Fact]
    public void No_features_gives_a_page_that_says_so()
    {
        using var dir = new TempDirectory();

        var page = ReportPage.Load(ReportWriter.WriteDrift(dir.Path, new DriftReportInput([])));

        page.AssertSelfContained();
        Assert.Contains("no features to compare", page.Section("features").Value);
        Assert.Empty(page.All("img"));
    }

    [Fact]
    public void Features_without_histograms_get_the_table_and_a_note()
    {
        using var dir = new TempDirectory();
        var input = new DriftReportInput([new DriftFeatureInput("a", [new("PSI", 0.3, 0.2)], true, null)]);

        var page = ReportPage.Load(ReportWriter.WriteDrift(dir.Path, input));

        Assert.Single(page.Rows("features"));
        Assert.Contains("only the statistics", page.Section("distributions").Value);
    }

    [Fact]
    public void Duplicate_or_unnamed_features_are_refused()
    {
        using var dir = new TempDirectory();
        Assert.Contains("appears 2 times", Assert.Throws<ReportInputException>(() =>
            ReportWriter.WriteDrift(dir.Path, new DriftReportInput([new("a", [], false, null), new("a", [], false, null)]))).Message);
        Assert.Contains("no name", Assert.Throws<ReportInputException>(() =>
            ReportWriter.WriteDrift(dir.Path, new DriftReportInput([new(" ", [], false, null)]))).Message);
    }

    [Theory]
    [InlineData("Amount (EUR)", "amount-eur")]
    [InlineData("über/größe", "ber-gr-e")]
    [InlineData("***", "feature")]
    public void Chart_file_names_are_safe_slugs(string name, string slug)
    {
        Assert.Equal(slug, DriftPage.Slug(name));
    }
}
