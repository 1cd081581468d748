using System.Globalization;
using Lepton.Monitor.Reporting;
using Lepton.Monitor.Reporting.Backtest;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>
/// A backtest's result as the report library's input (<c>lepton backtest --report DIR</c>): the per-kind counts, and
/// with the model and a truth file each scored record's score labelled by whether the generator planted any kind on it.
/// </summary>
public static class BacktestReportMapping
{
    public static BacktestReportInput ToReportInput(BacktestResult result, BacktestOptions options, RulePackSet packs)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var c = CultureInfo.InvariantCulture;
        var kinds = result.Scores?
            .Select(s => new KindScoreRow(s.Kind, s.Planted, s.AlertedRecords, s.TruePositives, s.FalsePositives, s.FalseNegatives,
                HasTruth: RuleKinds.Deterministic.Contains(s.Kind)))
            .ToList() ?? [];

        ModelRuleScores? model = null;
        if (result.ModelScores is { } scores && result.PlantedById is { } planted)
        {
            var labelled = new LabelledScore[scores.Count];
            for (var i = 0; i < scores.Count; i++)
                labelled[i] = new LabelledScore(scores[i].Score, planted.TryGetValue(scores[i].RecordId, out var kindsPlanted) && kindsPlanted.Length > 0);
            model = new ModelRuleScores(labelled, ModelScoreThreshold(packs)) { ModelVersion = result.ModelVersion };
        }

        return new BacktestReportInput(kinds, model)
        {
            Title = $"Backtest of {Path.GetFileName(options.InputPath)}",
            Source = options.TruthPath is null ? options.InputPath : $"{options.InputPath}; truth {options.TruthPath}",
            Figures =
            [
                new ReportFigure("lines", result.Lines.ToString("N0", c)),
                new ReportFigure("accepted", result.Accepted.ToString("N0", c)),
                new ReportFigure("rejected", result.Rejected.ToString("N0", c)),
                new ReportFigure("alert candidates", result.Candidates.ToString("N0", c)),
                new ReportFigure("records/s", result.RecordsPerSecond.ToString("N0", c)),
            ],
        };
    }

    /// <summary>The packs' model-score threshold when they agree on one; null (no threshold drawn) when they differ.</summary>
    private static double? ModelScoreThreshold(RulePackSet packs)
    {
        var thresholds = packs.Packs.SelectMany(p => p.Rules).Select(r => r.Parameters).OfType<ModelScoreParameters>()
            .Select(p => p.Threshold).Distinct().ToList();
        return thresholds.Count == 1 ? thresholds[0] : null;
    }
}
