using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

public static class TestCandidates
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    public static AlertCandidate Threshold(
        string recordId,
        string fingerprint = "fp-1",
        string tenant = "acme",
        string jurisdiction = "US",
        DateTimeOffset? at = null,
        Severity severity = Severity.High,
        string entity = "hm_cust_1",
        string ruleKind = "threshold",
        AlertKind kind = AlertKind.Rule) =>
        new(tenant, jurisdiction, kind, $"{jurisdiction.ToLowerInvariant()}-{ruleKind}", ruleKind, severity, fingerprint, entity, recordId,
            at ?? T0, null, null,
            new AlertExplanation(
                "cash 12,500.00 USD ≥ 10,000.00 USD",
                new RuleReference($"{jurisdiction.ToLowerInvariant()}-{ruleKind}", ruleKind, "31 CFR 1010.311"),
                [new ExplanationValue("amountInPackCurrency", 12500.00m, ">=", 10000.0m)],
                null),
            at ?? T0);

    public static AlertCandidate Model(string recordId, double score, string fingerprint = "fp-model", string tenant = "acme") =>
        new(tenant, "EU", AlertKind.Model, "eu-model", "model-score", Severity.Medium, fingerprint, "hm_cust_2", recordId,
            T0, score, "risk-v3",
            new AlertExplanation(
                "model score 0.93 ≥ 0.80",
                new RuleReference("eu-model", "model-score", "EU AMLR Art. 16"),
                [new ExplanationValue("score", score, ">=", 0.8), new ExplanationValue("flag", true, "==", null)],
                new ModelExplanation("risk-v3", score, 0.8, [new FeatureContribution("accountAgeDays", 12, 0.41), new FeatureContribution("amountUsd", 9500, -0.2)])),
            T0);
}
