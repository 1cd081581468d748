using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>cross-border-data-transfer</c>: personal data of a subject protected by a GDPR-like law is processed in a region
/// that is neither inside the protected area nor covered by an adequacy decision (GDPR Art. 44–45 and its analogues).
/// The processing region is part of the fingerprint: each destination is its own finding.
/// </summary>
public sealed class CrossBorderDataTransferRule : IRule
{
    private readonly string _jurisdiction;
    private readonly ReferenceList _protected;
    private readonly ReferenceList _adequate;
    private readonly RuleReference _reference;

    public CrossBorderDataTransferRule(RuleDefinition definition, string jurisdiction, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentNullException.ThrowIfNull(lists);
        var p = definition.Parameters as CrossBorderDataTransferParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.CrossBorderDataTransfer}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _protected = Find(lists, p.ProtectedRegions);
        _adequate = Find(lists, p.AdequateRegions);
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);

        ReferenceList Find(IReadOnlyDictionary<string, ReferenceList> all, string name) =>
            all.TryGetValue(name, out var list)
                ? list
                : throw new ArgumentException($"rule '{definition.Id}' refers to list '{name}', which pack {jurisdiction} lacks", nameof(lists));
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        if (record.DataSubjectRegion is not { } subject || record.ProcessingRegion is not { } processing || !_protected.Contains(subject))
            return;
        if (string.Equals(subject, processing, StringComparison.OrdinalIgnoreCase) || _protected.Contains(processing) || _adequate.Contains(processing))
            return;
        output.Add(Candidate(tenant, record, subject.ToUpperInvariant(), processing.ToUpperInvariant()));
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, string subject, string processing)
    {
        var explanation = new AlertExplanation(
            $"data subject in {subject} ({_protected.Name}) processed in {processing}, which is not on {_adequate.Citation}",
            _reference,
            [
                new ExplanationValue("dataSubjectRegion", subject, "in", _protected.Citation),
                new ExplanationValue("processingRegion", processing, "not in", _adequate.Citation),
            ],
            null);
        return RuleSupport.Candidate(tenant, _jurisdiction, Definition, Definition.Severity, record, explanation, processing);
    }
}
