using Lepton.Monitor.Reporting.Backtest;
using Lepton.Monitor.Reporting.Tests.Support;

namespace Lepton.Monitor.Reporting.Tests.Backtest;

public class BacktestReportTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    internal static BacktestReportInput Sample()
    {
        // Scores a model would give: negatives mostly low, positives mostly high, with overlap; deterministic.
        var random = new Random(7);
        var scores = new List<LabelledScore>();
        for (var i = 0; i < 2_000; i++)
            scores.Add(new LabelledScore(Math.Clamp(random.NextDouble() * random.NextDouble(), 0, 1), false));
        for (var i = 0; i < 120; i++)
            scores.Add(new LabelledScore(Math.Clamp(1 - random.NextDouble() * random.NextDouble() * 0.9, 0, 1), true));
        return new BacktestReportInput(
            [
                new KindScoreRow("us-cash-ctr", 300, 300, 300, 0, 0),
                new KindScoreRow("structuring", 120, 131, 118, 13, 2),
                new KindScoreRow("velocity", 80, 95, 80, 15, 0),
                new KindScoreRow("model-score", 0, 140, 0, 0, 0, HasTruth: false),
            ],
            new ModelRuleScores(scores, 0.8) { ModelVersion = "fraud-mlp v3", PositiveLabel = "planted (any kind)" })
        {
            Title = "Backtest of gen.ndjson",
            Source = "gen.ndjson with gen.truth.ndjson",
            Figures = [new ReportFigure("lines", "100,000"), new ReportFigure("alert candidates", "2,931")],
            GeneratedAt = Stamp,
        };
    }

    [Fact]
    public void The_page_is_well_formed_self_contained_and_has_the_kind_table()
    {
        using var dir = new TempDirectory();

        var index = ReportWriter.WriteBacktest(dir.Sub("report"), Sample());

        Assert.Equal(Path.Combine(dir.Sub("report"), "index.html"), index);
        var page = ReportPage.Load(index);
        page.AssertSelfContained();
        Assert.Equal(["rule kind", "planted (support)", "alerted", "TP", "FP", "FN", "precision", "recall", "F1"], page.Headers("kinds"));
        var rows = page.Rows("kinds");
        Assert.Equal(["us-cash-ctr", "structuring", "velocity", "model-score"], rows.Select(r => r[0]));
        Assert.Equal(["structuring", "120", "131", "118", "13", "2", "0.901", "0.983", "0.940"], rows[1]);
        Assert.Equal(["—", "—", "—"], rows[3][6..]);
        Assert.Contains("Backtest of gen.ndjson", page.All("h1").Single().Value);
        Assert.Contains("2026-12-04 12:00 UTC", page.Document.ToString());
        Assert.Equal(["100,000", "2,931"], page.All("dd").Select(d => d.Value));
    }

    [Fact]
    public void The_model_section_has_the_histogram_the_curve_and_the_operating_point()
    {
        using var dir = new TempDirectory();
        var input = Sample();

        var page = ReportPage.Load(ReportWriter.WriteBacktest(dir.Path, input));

        // kind chart, score histogram, PR curve
        Assert.Equal(3, page.AssertImagesDecode().Count);
        Assert.Equal(["kind-scores.png", "model-precision-recall.png", "model-score-histogram.png"], page.AssertPngFilesMatchEmbedded());
        var model = page.Section("model");
        Assert.Contains("fraud-mlp v3", model.Element("h2")!.Value);
        var summary = page.Rows("model-summary").ToDictionary(r => r[0], r => r[1]);
        var curve = PrecisionRecallCurve.From(input.ModelRule!.Scores);
        var op = curve.At(0.8);
        Assert.Equal("2,120", summary["scored records"]);
        Assert.Equal("120", summary["planted (any kind)"]);
        Assert.Equal(curve.AveragePrecision.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), summary["average precision"]);
        Assert.Equal($"{op.TruePositives} / {op.FalsePositives}", summary["alerted at the threshold (TP / FP)"]);
        Assert.Equal(op.Recall.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), summary["recall at the threshold"]);
    }

    [Fact]
    public void Empty_kinds_and_no_model_give_a_page_that_says_how_to_get_them()
    {
        using var dir = new TempDirectory();

        var page = ReportPage.Load(ReportWriter.WriteBacktest(dir.Path, new BacktestReportInput([], null) { GeneratedAt = Stamp }));

        page.AssertSelfContained();
        Assert.Empty(page.All("img"));
        var notes = page.All("p").Where(p => (string?)p.Attribute("class") == "note").Select(p => p.Value).ToList();
        Assert.Equal(2, notes.Count);
        Assert.Contains("--truth", notes[0]);
        Assert.Contains("--no-model", notes[1]);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.png"));
    }

    [Fact]
    public void A_model_without_positives_shows_its_histogram_and_explains_the_missing_curve()
    {
        using var dir = new TempDirectory();
        var input = new BacktestReportInput([], new ModelRuleScores([new(0.1, false), new(0.4, false), new(0.2, false)], 0.5)) { GeneratedAt = Stamp };

        var page = ReportPage.Load(ReportWriter.WriteBacktest(dir.Path, input));

        Assert.Single(page.AssertImagesDecode());
        Assert.Contains("recall, and so the precision-recall curve, is undefined", page.Section("model").Value);
    }

    [Fact]
    public void A_model_that_scored_nothing_says_so()
    {
        using var dir = new TempDirectory();
        var page = ReportPage.Load(ReportWriter.WriteBacktest(dir.Path, new BacktestReportInput([], new ModelRuleScores([], null))));
        Assert.Contains("scored no record", page.Section("model").Value);
    }

    [Fact]
    public void Contradicting_counts_are_refused_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        var input = new BacktestReportInput([new KindScoreRow("structuring", 10, 12, 11, 1, 0)], null);

        var e = Assert.Throws<ReportInputException>(() => ReportWriter.WriteBacktest(dir.Sub("out"), input));

        Assert.Contains("structuring", e.Message);
        Assert.False(Directory.Exists(dir.Sub("out")));
    }

    [Fact]
    public void Bad_model_input_is_refused_with_the_field()
    {
        using var dir = new TempDirectory();
        Assert.Contains("not a finite",
            Assert.Throws<ReportInputException>(() => ReportWriter.WriteBacktest(dir.Path, new BacktestReportInput([], new ModelRuleScores([new(double.NaN, true)], null)))).Message);
        Assert.Contains("threshold",
            Assert.Throws<ReportInputException>(() => ReportWriter.WriteBacktest(dir.Path, new BacktestReportInput([], new ModelRuleScores([new(0.5, true)], double.NaN)))).Message);
        Assert.Contains("appears 2 times",
            Assert.Throws<ReportInputException>(() => ReportWriter.WriteBacktest(dir.Path, new BacktestReportInput([new("a", 0, 0, 0, 0, 0), new("a", 0, 0, 0, 0, 0)], null))).Message);
    }

    [Fact]
    public void A_directory_that_is_a_file_or_empty_is_refused()
    {
        using var dir = new TempDirectory();
        var file = dir.Sub("taken");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", Assert.Throws<ReportInputException>(() => ReportWriter.WriteBacktest(file, new BacktestReportInput([], null))).Message);
        Assert.Throws<ReportInputException>(() => ReportWriter.WriteBacktest(" ", new BacktestReportInput([], null)));
    }

    [Fact]
    public void Kind_names_and_labels_are_escaped_as_text()
    {
        using var dir = new TempDirectory();
        var input = new BacktestReportInput([new KindScoreRow("<script>alert(1)</script>&", 1, 1, 1, 0, 0)], null) { Title = "a < b & c" };

        var page = ReportPage.Load(ReportWriter.WriteBacktest(dir.Path, input));

        Assert.Empty(page.All("script"));
        Assert.Equal("<script>alert(1)</script>&", page.Rows("kinds")[0][0]);
        Assert.Equal("a < b & c", page.All("h1").Single().Value);
    }

    [Fact]
    public void A_curve_of_many_thousand_distinct_scores_is_drawn_and_its_figures_come_from_every_point()
    {
        using var dir = new TempDirectory();
        var scores = Enumerable.Range(0, 10_000).Select(i => new LabelledScore(i / 10_000.0, i % 7 == 0 || i > 9_000)).ToList();
        var curve = PrecisionRecallCurve.From(scores);
        Assert.Equal(10_000, curve.Points.Count);

        var page = ReportPage.Load(ReportWriter.WriteBacktest(dir.Path, new BacktestReportInput([], new ModelRuleScores(scores, 0.9))));

        Assert.Equal(2, page.AssertImagesDecode().Count);
        var summary = page.Rows("model-summary").ToDictionary(r => r[0], r => r[1]);
        Assert.Equal(curve.AveragePrecision.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), summary["average precision"]);
    }
}
