using System.Xml.Linq;
using Lepton.Monitor.Reporting.Charts;
using Lepton.Monitor.Reporting.Html;
using static Lepton.Monitor.Reporting.Html.Html;

namespace Lepton.Monitor.Reporting.Backtest;

/// <summary>Builds the backtest page and its charts from the input; missing parts become notes that say how to get them.</summary>
internal static class BacktestPage
{
    public static (string Html, IReadOnlyList<ChartImage> Charts) Build(BacktestReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Kinds is null)
            throw new ReportInputException("Kinds is null: pass an empty list when nothing was scored");
        foreach (var row in input.Kinds)
            row.Validate();
        var duplicate = input.Kinds.GroupBy(k => k.Kind, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ReportInputException($"kind '{duplicate.Key}' appears {duplicate.Count()} times");
        if (input.HistogramBins < 1)
            throw new ReportInputException($"HistogramBins must be at least 1, was {input.HistogramBins}");
        if (input.ModelRule is { Threshold: { } t } && !double.IsFinite(t))
            throw new ReportInputException($"the model rule's threshold is {t}, not a finite number");

        var charts = new List<ChartImage>();
        var page = new HtmlPage(input.Title, input.Source, input.GeneratedAt ?? DateTimeOffset.UtcNow, input.Figures);
        page.Add(KindSection(input.Kinds, charts));
        page.Add(ModelSection(input.ModelRule, input.HistogramBins, charts));
        return (page.Render(), charts);
    }

    private static XElement KindSection(IReadOnlyList<KindScoreRow> kinds, List<ChartImage> charts)
    {
        if (kinds.Count == 0)
            return Section("kinds", "Rule kinds against the truth",
                Note("No rule kind was scored: run the backtest with --truth FILE (the generator's truth file) to get precision and recall per kind."));
        var rows = kinds.Select(k => (IEnumerable<object>)
        [
            El("td", Class("kind"), k.Kind),
            NumberCell(ReportNumbers.Count(k.Planted)),
            NumberCell(ReportNumbers.Count(k.Alerted)),
            NumberCell(ReportNumbers.Count(k.TruePositives)),
            NumberCell(ReportNumbers.Count(k.FalsePositives)),
            NumberCell(ReportNumbers.Count(k.FalseNegatives)),
            MeterCell(ReportNumbers.Ratio(k.Precision), k.Precision, k.Precision < 1 ? "low" : null),
            MeterCell(ReportNumbers.Ratio(k.Recall), k.Recall, k.Recall < 1 ? "low" : null),
            MeterCell(ReportNumbers.Ratio(k.F1), k.F1),
        ]);
        var table = Table("kinds", ["rule kind", "planted (support)", "alerted", "TP", "FP", "FN", "precision", "recall", "F1"], rows).WithNumericHeaders(1);
        var scored = kinds.Where(k => k.Precision is not null || k.Recall is not null).ToList();
        XElement? chart = null;
        if (scored.Count > 0)
        {
            var image = ChartRenderer.KindScores(scored);
            charts.Add(image);
            chart = Figure(image);
        }
        var untruthed = kinds.Where(k => !k.HasTruth).Select(k => k.Kind).ToList();
        return Section("kinds", "Rule kinds against the truth",
            El("p", Class("muted"), "Counted in records: a planted record is found when any jurisdiction alerted it with that kind; an alerted record not planted with the kind is a false positive. Values below 1 are red."),
            table,
            untruthed.Count == 0 ? null : El("p", Class("muted"), $"No ground truth for {string.Join(", ", untruthed)}: alerts are counted, not scored."),
            chart);
    }

    private static XElement ModelSection(ModelRuleScores? model, int bins, List<ChartImage> charts)
    {
        const string heading = "Model rule";
        if (model is null)
            return Section("model", heading,
                Note("The model rule is not in this report: the backtest ran without the model (--no-model) or without a truth file."));
        var title = model.ModelVersion is null ? heading : $"{heading} — {model.ModelVersion}";
        if (model.Scores is null || model.Scores.Count == 0)
            return Section("model", title, Note("The model scored no record, so there is no score distribution or precision-recall curve to draw."));

        var histogram = LabelledHistogram.From(model.Scores, bins);
        var histogramImage = ChartRenderer.ScoreHistogram(histogram, model.Threshold, model.PositiveLabel, model.NegativeLabel);
        charts.Add(histogramImage);
        var positives = histogram.Positive.Sum();
        if (positives == 0)
            return Section("model", title,
                Note($"No scored record is labelled {model.PositiveLabel}: recall, and so the precision-recall curve, is undefined. The score distribution is below."),
                Figure(histogramImage));

        var curve = PrecisionRecallCurve.From(model.Scores);
        var op = model.Threshold is { } t ? curve.At(t) : null;
        var prImage = ChartRenderer.PrecisionRecall(curve, op);
        charts.Add(prImage);
        var summary = new List<IEnumerable<object>>
        {
            new object[] { "scored records", NumberCell(ReportNumbers.Count(curve.Positives + curve.Negatives)) },
            new object[] { model.PositiveLabel, NumberCell(ReportNumbers.Count(curve.Positives)) },
            new object[] { "average precision", NumberCell(ReportNumbers.Ratio(curve.AveragePrecision)) },
        };
        if (op is not null)
        {
            summary.Add(["rule threshold", NumberCell(ReportNumbers.Statistic(op.Threshold))]);
            summary.Add(["alerted at the threshold (TP / FP)", NumberCell($"{ReportNumbers.Count(op.TruePositives)} / {ReportNumbers.Count(op.FalsePositives)}")]);
            summary.Add(["precision at the threshold", NumberCell(ReportNumbers.Ratio(op.Precision))]);
            summary.Add(["recall at the threshold", NumberCell(ReportNumbers.Ratio(op.Recall))]);
        }
        return Section("model", title,
            Table("model-summary", ["figure", "value"], summary).WithNumericHeaders(1),
            El("div", Class("grid"), Figure(histogramImage), Figure(prImage)));
    }
}
