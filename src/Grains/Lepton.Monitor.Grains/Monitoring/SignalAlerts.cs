using System.Globalization;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// Turns drift and fairness check results into alert candidates: one alert per episode (the fingerprint carries the
/// episode number, so checks while it lasts grow its count) and the entities whose episodes ended, to auto-resolve.
/// </summary>
public static class SignalAlerts
{
    public const string DriftRuleId = "model-drift";
    public const string FairnessRuleId = "alert-rate-fairness";

    private static readonly RuleReference DriftRule = new(DriftRuleId, "drift",
        "Model risk management: ongoing monitoring of inputs and outputs (Federal Reserve SR 11-7; EU AI Act Art. 72 post-market monitoring)");

    private static readonly RuleReference FairnessRule = new(FairnessRuleId, "fairness",
        "Four-fifths rule (29 CFR 1607.4(D)) applied to alert rates; non-discrimination (EU AI Act Art. 10(2)(f), ECOA/Reg B 12 CFR 1002)");

    /// <summary>The pseudo-entity drift alerts are grouped under (a model, not a person).</summary>
    public static string DriftEntity(string modelId) => "model:" + modelId;

    public static string FairnessEntity(string attribute) => "attribute:" + attribute;

    /// <summary>A candidate while a drift episode starts or lasts, null otherwise.</summary>
    public static AlertCandidate? ForDrift(string tenant, string jurisdiction, string modelId, DriftCheckResult r)
    {
        if (r.Transition is not (EpisodeTransition.Started or EpisodeTransition.Continuing))
            return null;
        var inv = CultureInfo.InvariantCulture;
        var drifted = r.Features.Where(f => f.Drifted).OrderByDescending(f => f.Psi).ToList();
        var summary = string.Create(inv,
            $"drift of {modelId}: {drifted.Count} of {r.Features.Count} features drifted ({r.DriftedShare:P0}){(r.DatasetDrift ? ", dataset drift" : "")}; " +
            $"score PSI {r.Score.Psi:0.000}, KS p {r.Score.KsPValue:0.0000}{(r.ScoreStream.Any ? ", streaming detector alarm" : "")} over {r.WindowRecords} records");
        var values = new List<ExplanationValue>
        {
            new("driftedFeatureShare", Math.Round(r.DriftedShare, 4), ">=", 0.5),
            new("scorePsi", Math.Round(r.Score.Psi, 4), ">=", 0.2),
        };
        values.AddRange(drifted.Take(5).Select(f => new ExplanationValue($"psi:{f.Name}", Math.Round(f.Psi, 4), ">=", 0.2)));
        var entity = DriftEntity(modelId);
        var severity = r.DatasetDrift && r.Score.Drifted ? Severity.High : Severity.Medium;
        return new AlertCandidate(tenant, jurisdiction, AlertKind.Drift, DriftRuleId, "drift", severity,
            AlertFingerprint.Compute(tenant, jurisdiction, DriftRuleId, entity, "episode-" + r.EpisodeNumber.ToString(inv)),
            entity, CheckId("drift", jurisdiction, r.CheckedAt), r.CheckedAt, null, modelId,
            new AlertExplanation(summary, DriftRule, [.. values], null), r.CheckedAt);
    }

    /// <summary>One candidate per attribute whose four-fifths episode starts or lasts.</summary>
    public static IEnumerable<AlertCandidate> ForFairness(string tenant, string jurisdiction, FairnessCheckResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var a in r.Attributes)
        {
            if (a.Transition is not (EpisodeTransition.Started or EpisodeTransition.Continuing) || a.LowestGroup is null || a.HighestGroup is null)
                continue;
            var entity = FairnessEntity(a.Attribute);
            var values = new ExplanationValue[]
            {
                new("rateRatio", Math.Round(a.RateRatio, 4), "<", 0.8),
                new($"alertRate:{a.LowestGroup.Group}", Math.Round(a.LowestGroup.Rate, 6), "=", null),
                new($"alertRate:{a.HighestGroup.Group}", Math.Round(a.HighestGroup.Rate, 6), "=", null),
                new("demographicParityDifference", Math.Round(a.ParityDifference, 6), "=", null),
            };
            yield return new AlertCandidate(tenant, jurisdiction, AlertKind.Fairness, FairnessRuleId, "fairness", Severity.High,
                AlertFingerprint.Compute(tenant, jurisdiction, FairnessRuleId, entity, "episode-" + a.EpisodeNumber.ToString(inv)),
                entity, CheckId("fairness-" + a.Attribute, jurisdiction, r.CheckedAt), r.CheckedAt, null, null,
                new AlertExplanation(a.Describe(), FairnessRule, values, null), r.CheckedAt);
        }
    }

    /// <summary>Entities whose episode ended in these checks: their open alert is resolved.</summary>
    public static IEnumerable<(AlertKind Kind, string Entity)> Ended(string modelId, DriftCheckResult drift, FairnessCheckResult fairness)
    {
        if (drift.Transition == EpisodeTransition.Ended)
            yield return (AlertKind.Drift, DriftEntity(modelId));
        foreach (var a in fairness.Attributes)
        {
            if (a.Transition == EpisodeTransition.Ended)
                yield return (AlertKind.Fairness, FairnessEntity(a.Attribute));
        }
    }

    // A check is an event of its own: its id makes the alert's record-id idempotency count each check once.
    private static string CheckId(string what, string jurisdiction, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}-check:{jurisdiction}:{at.UtcTicks}");
}
