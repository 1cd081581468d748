using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>pii-in-text</c>: the memo carries PII — raw (records replayed offline) or as the <c>[masked:KIND]</c> markers
/// ingest leaves when it masks it before journaling. The explanation names the kinds, never the values.
/// </summary>
public sealed class PiiInTextRule : IRule
{
    private readonly string _jurisdiction;
    private readonly PiiKinds _kinds;
    private readonly string _watched;
    private readonly RuleReference _reference;

    public PiiInTextRule(RuleDefinition definition, string jurisdiction)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        var p = definition.Parameters as PiiInTextParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.PiiInText}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _kinds = p.Kinds;
        _watched = PiiKindNames.List(p.Kinds);
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        if (record.Memo is not { Length: > 0 } memo)
            return;
        var found = (PiiTextScanner.Scan(memo) | PiiTextScanner.FindMarkers(memo)) & _kinds;
        if (found == PiiKinds.None)
            return;
        var names = PiiKindNames.List(found);
        var explanation = new AlertExplanation(
            $"memo contains {names}",
            _reference,
            [new ExplanationValue("memo.piiKinds", names, "in", _watched)],
            null);
        // The record is kept as the alert's evidence: raw PII (a record replayed from outside ingest) is masked there
        // too, as ingest would have; a memo ingest already masked is kept as it is.
        var masked = PiiTextScanner.Mask(memo);
        var kept = string.Equals(masked, memo, StringComparison.Ordinal) ? record : record with { Memo = masked };
        output.Add(RuleSupport.Candidate(tenant, _jurisdiction, Definition, Definition.Severity, record, explanation, kept: kept));
    }
}
