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
    public const string FeatureDriftRuleId = "feature-drift";

    private static readonly RuleReference DriftRule = new(DriftRuleId, "drift",
        "Model risk management: ongoing monitoring of inputs and outputs (Federal Reserve SR 11-7; EU AI Act Art. 72 post-market monitoring)");

    private static readonly RuleReference FairnessRule = new(FairnessRuleId, "fairness",
        "Four-fifths rule (29 CFR 1607.4(D)) applied to alert rates, with a statistically significant gap (two standard deviations, EEOC practice); non-discrimination (EU AI Act Art. 10(2)(f), ECOA/Reg B 12 CFR 1002)");

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

    /// <summary>
    /// A single feature alerts only on drift that is both material and not chance: PSI or Jensen–Shannon over its
    /// threshold, or normalised Wasserstein over its threshold with a significant KS test. With 16 features checked every
    /// window, a KS p-value under 0.05 alone turns up by chance, and a normalised Wasserstein of 0.1 is within the
    /// sampling noise of a heavy-tailed feature in windows of a few thousand records (seen on account age in the demo);
    /// those still show in the charts and count towards dataset drift.
    /// </summary>
    public static bool HasMaterialDrift(FeatureDriftMetrics f) =>
        f.Drifted && ((f.Reasons & (DriftReasons.Psi | DriftReasons.JensenShannon)) != 0
            || (f.Reasons & (DriftReasons.Wasserstein | DriftReasons.KolmogorovSmirnov)) == (DriftReasons.Wasserstein | DriftReasons.KolmogorovSmirnov));

    /// <summary>A candidate while some single feature's drift episode starts or lasts (the dataset-level alert is <see cref="ForDrift"/>).</summary>
    public static AlertCandidate? ForFeatureDrift(string tenant, string jurisdiction, string modelId, SignalCheck check)
    {
        if (check.Drift is not { } r || check.FeatureTransition is not (EpisodeTransition.Started or EpisodeTransition.Continuing))
            return null;
        var drifted = r.Features.Where(HasMaterialDrift).OrderByDescending(f => f.Psi).ToList();
        if (drifted.Count == 0)
            return null; // the episode lasts through clean checks until it ends; nothing new to report
        var inv = CultureInfo.InvariantCulture;
        var summary = string.Create(inv,
            $"input drift of {modelId}: {string.Join(", ", drifted.Take(5).Select(f => $"{f.Name} (PSI {f.Psi:0.000}, {f.Reasons})"))} over {r.WindowRecords} records");
        var values = drifted.Take(5).Select(f => new ExplanationValue($"psi:{f.Name}", Math.Round(f.Psi, 4), ">=", 0.2)).ToArray();
        var entity = DriftEntity(modelId);
        return new AlertCandidate(tenant, jurisdiction, AlertKind.Drift, FeatureDriftRuleId, "drift", Severity.Low,
            AlertFingerprint.Compute(tenant, jurisdiction, FeatureDriftRuleId, entity, "episode-" + check.FeatureEpisode.ToString(inv)),
            entity, CheckId("feature-drift", jurisdiction, r.CheckedAt), r.CheckedAt, null, modelId,
            new AlertExplanation(summary, DriftRule with { Id = FeatureDriftRuleId }, values, null), r.CheckedAt);
    }

    /// <summary>One candidate per sensitive attribute whose fairness episode (four-fifths, significant) starts or lasts.</summary>
    public static IEnumerable<AlertCandidate> ForFairness(string tenant, string jurisdiction, FairnessCheckResult r, double minimumZScore = 2.0)
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
                new("zScore", Math.Round(a.ZScore, 4), ">=", minimumZScore),
            };
            yield return new AlertCandidate(tenant, jurisdiction, AlertKind.Fairness, FairnessRuleId, "fairness", Severity.High,
                AlertFingerprint.Compute(tenant, jurisdiction, FairnessRuleId, entity, "episode-" + a.EpisodeNumber.ToString(inv)),
                entity, CheckId("fairness-" + a.Attribute, jurisdiction, r.CheckedAt), r.CheckedAt, null, null,
                new AlertExplanation(a.Describe(), FairnessRule, values, null), r.CheckedAt);
        }
    }

    /// <summary>Rules and entities whose episode ended in this check: their open alert is resolved.</summary>
    public static IEnumerable<(AlertKind Kind, string RuleId, string Entity)> Ended(string modelId, SignalCheck check)
    {
        if (check.Drift?.Transition == EpisodeTransition.Ended)
            yield return (AlertKind.Drift, DriftRuleId, DriftEntity(modelId));
        if (check.FeatureTransition == EpisodeTransition.Ended)
            yield return (AlertKind.Drift, FeatureDriftRuleId, DriftEntity(modelId));
        foreach (var a in check.Fairness.Attributes)
        {
            if (a.Transition == EpisodeTransition.Ended)
                yield return (AlertKind.Fairness, FairnessRuleId, FairnessEntity(a.Attribute));
        }
    }

    // A check is an event of its own: its id makes the alert's record-id idempotency count each check once.
    private static string CheckId(string what, string jurisdiction, DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{what}-check:{jurisdiction}:{at.UtcTicks}");
}
