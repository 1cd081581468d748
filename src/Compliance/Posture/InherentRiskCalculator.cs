namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Inherent risk after the AMLA draft RTS method: indicators scored 1–4, a weighted mean per factor family, a weighted
/// mean of the families, the result banded into a class (<see cref="ScoreBands"/>). Indicators without data are left out
/// and the remaining weights renormalised (a family without any indicator drops out the same way). Means are computed
/// exactly in decimal and rounded half away from zero to 2 decimals, family scores first, then the total.
/// Exposure to FATF call-for-action countries at or above <see cref="HighRiskThirdCountries.MaterialShare"/> makes the
/// class high whatever the weights.
/// </summary>
public static class InherentRiskCalculator
{
    public static InherentRisk Compute(PostureDataPoints data, IReadOnlyDictionary<string, long> alertsByRuleKind, PostureWeights weights)
    {
        var errors = PostureDataPointsValidator.Validate(data);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join("; ", errors));

        var indicators = new List<RiskIndicator>();
        void AddFixed(string id, decimal? value, bool mandatory = false)
        {
            if (value is not { } v)
                return;
            var d = IndicatorCatalog.Fixed[id];
            indicators.Add(new(id, d.Family, v, ScoreBands.Score(v, d.TwoFrom, d.ThreeFrom, d.FourFrom), weights.WeightOf(id), mandatory, d.Basis));
        }

        AddFixed(IndicatorIds.PepShare, data.PepShare);
        AddFixed(IndicatorIds.NonResidentShare, data.NonResidentShare);
        AddFixed(IndicatorIds.CashShare, data.CashShare);
        AddFixed(IndicatorIds.CrossBorderShare, data.CrossBorderShare);
        AddFixed(IndicatorIds.CryptoShare, data.CryptoShare);
        AddFixed(IndicatorIds.NonFaceToFaceShare, data.NonFaceToFaceShare);

        decimal unlisted = 0m;
        if (data.CountryExposure is { Count: > 0 } exposure)
        {
            var total = exposure.Values.Sum();
            if (total > 0m)
            {
                var weighted = exposure.Sum(e => e.Value * BaselAmlIndex.ScoreOf(e.Key)) / total;
                AddFixed(IndicatorIds.BaselExposure, Math.Round(weighted, 2, MidpointRounding.AwayFromZero));
                unlisted = exposure.Where(e => !BaselAmlIndex.IsListed(e.Key)).Sum(e => e.Value);
            }
            var callForAction = exposure.Where(e => HighRiskThirdCountries.CallForAction.Contains(e.Key)).Sum(e => e.Value);
            AddFixed(IndicatorIds.CallForActionShare, callForAction, mandatory: callForAction >= HighRiskThirdCountries.MaterialShare);
        }

        if (data.PeriodRecords is > 0 and var records)
        {
            var (two, three, four) = IndicatorCatalog.AlertRatePerThousand;
            foreach (var (kind, count) in alertsByRuleKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                var id = IndicatorIds.AlertRate(kind);
                var perThousand = Math.Round(count * 1000m / records, 4, MidpointRounding.AwayFromZero);
                indicators.Add(new(id, IndicatorCatalog.FamilyOfRuleKind(kind), perThousand, ScoreBands.Score(perThousand, two, three, four),
                    weights.WeightOf(id), false, $"{kind} alerts per 1,000 records"));
            }
        }

        if (indicators.Count == 0)
            throw new ArgumentException("no indicator could be scored: report at least one data point");

        var families = indicators.GroupBy(i => i.Family).OrderBy(g => g.Key)
            .Select(g => new FamilyScore(g.Key, Round2((decimal)g.Sum(i => i.Score * i.Weight) / g.Sum(i => i.Weight)), weights.Families[g.Key]))
            .ToList();
        var score = Round2(families.Sum(f => f.Score * f.WeightPercent) / families.Sum(f => f.WeightPercent));
        var forced = indicators.Any(i => i.MandatoryHigh);
        var cls = forced ? RiskClass.High : (RiskClass)ScoreBands.ClassOf(score);
        return new InherentRisk(indicators, families, score, cls, forced, unlisted);
    }

    internal static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
