namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Controls quality from the product's own evidence, each indicator scored 1 (very good) to 4 (poor), combined as the
/// draft RTS combines control categories — a weighted mean that gives worse scores more weight; here each score weighs
/// itself: score = Σ s² / Σ s, rounded half away from zero to 2 decimals, then banded like risk (<see cref="ScoreBands"/>).
/// </summary>
public static class ControlQualityCalculator
{
    public const string BacklogAge = "controls.oldest-open-alert-age-days";
    public const string SlaBreaches = "controls.sla-breach-share";
    public const string OpenEpisodes = "controls.open-drift-fairness-episodes";
    public const string ModelsWithoutCard = "controls.models-without-current-card";

    public static ControlQualityResult Compute(ControlInputs inputs)
    {
        if (inputs.OldestOpenAlertAgeDays < 0 || inputs.SlaBreachShare is < 0 or > 1 || inputs.OpenDriftFairnessEpisodes < 0 || inputs.ModelsWithoutCurrentCard < 0)
            throw new ArgumentException("control inputs must be non-negative, and the SLA breach share in 0..1");
        ControlIndicator[] indicators =
        [
            new(BacklogAge, inputs.OldestOpenAlertAgeDays, ScoreBands.Score(inputs.OldestOpenAlertAgeDays, 2m, 7m, 30m)),
            new(SlaBreaches, inputs.SlaBreachShare, ScoreBands.Score(inputs.SlaBreachShare, 0.05m, 0.15m, 0.30m)),
            new(OpenEpisodes, inputs.OpenDriftFairnessEpisodes, ScoreBands.Score(inputs.OpenDriftFairnessEpisodes, 1m, 2m, 4m)),
            new(ModelsWithoutCard, inputs.ModelsWithoutCurrentCard, ScoreBands.Score(inputs.ModelsWithoutCurrentCard, 1m, 2m, 3m)),
        ];
        var score = InherentRiskCalculator.Round2((decimal)indicators.Sum(i => i.Score * i.Score) / indicators.Sum(i => i.Score));
        return new ControlQualityResult(indicators, score, (ControlQuality)ScoreBands.ClassOf(score));
    }
}
