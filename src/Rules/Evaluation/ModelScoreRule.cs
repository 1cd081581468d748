using System.Globalization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>model-score</c>: the model's risk score is at or above the threshold. The candidate carries the score, the model
/// version and the contributions the score came with (empty when the scorer gave none: the grain explains those
/// few alerting records afterwards rather than explaining every record).
/// </summary>
public sealed class ModelScoreRule : IRule
{
    private readonly string _jurisdiction;
    private readonly double _threshold;
    private readonly object _thresholdValue;
    private readonly RuleReference _reference;

    public ModelScoreRule(RuleDefinition definition, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        var p = definition.Parameters as ModelScoreParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.ModelScore}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _threshold = p.Threshold;
        _thresholdValue = p.Threshold;
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        // NaN compares false, so a broken score never alerts.
        if (score is null || !(score.Score >= _threshold))
            return;
        output.Add(Candidate(tenant, record, score));
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, ModelScore score)
    {
        var contributions = SortedByMagnitude(score.Contributions);
        var explanation = new AlertExplanation(
            string.Create(CultureInfo.InvariantCulture, $"model {score.ModelVersion} score {score.Score:0.0000} ≥ {_threshold:0.0000}"),
            _reference,
            [new ExplanationValue("score", score.Score, ">=", _thresholdValue)],
            new ModelExplanation(score.ModelVersion, score.Score, _threshold, contributions));
        var entity = record.Entity;
        return new AlertCandidate(
            tenant, _jurisdiction, AlertKind.Model, Definition.Id, RuleKinds.ModelScore, Definition.Severity,
            AlertFingerprint.Compute(tenant, _jurisdiction, Definition.Id, entity),
            entity, record.Id, record.Timestamp, score.Score, score.ModelVersion, explanation, record.AcceptedAt, Evidence: record);
    }

    /// <summary>Largest absolute contribution first (PRODUCT.md §5), on a copy: the score object may be shared.</summary>
    private static FeatureContribution[] SortedByMagnitude(FeatureContribution[]? contributions)
    {
        if (contributions is null || contributions.Length == 0)
            return [];
        var sorted = (FeatureContribution[])contributions.Clone();
        Array.Sort(sorted, static (a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        return sorted;
    }
}
