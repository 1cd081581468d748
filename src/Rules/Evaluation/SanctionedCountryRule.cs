using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>sanctioned-country</c>: the originator's or beneficiary's country is on a pack list (e.g. OFAC programs).
/// Each matching party raises its own candidate, and the country is part of the fingerprint, so an entity paying
/// into two sanctioned countries gets two alerts while repeated payments into one collapse.
/// </summary>
public sealed class SanctionedCountryRule : IRule
{
    private readonly string _jurisdiction;
    private readonly ReferenceList _list;
    private readonly bool _originator;
    private readonly bool _beneficiary;
    private readonly RuleReference _reference;

    public SanctionedCountryRule(RuleDefinition definition, string jurisdiction, ReferenceList list)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentNullException.ThrowIfNull(list);
        var p = definition.Parameters as SanctionedCountryParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.SanctionedCountry}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _list = list;
        _originator = p.Parties.Contains(PartyRole.Originator);
        _beneficiary = p.Parties.Contains(PartyRole.Beneficiary);
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        if (_originator && record.Originator?.Country is { } from && _list.Contains(from))
            output.Add(Candidate(tenant, record, "originator", from));
        if (_beneficiary && record.Beneficiary?.Country is { } to && _list.Contains(to))
            output.Add(Candidate(tenant, record, "beneficiary", to));
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, string party, string country)
    {
        country = country.ToUpperInvariant();
        var explanation = new AlertExplanation(
            $"{party} country {country} is on {_list.Citation}",
            _reference,
            [new ExplanationValue($"{party}.country", country, "in", _list.Citation)],
            null);
        var entity = record.Entity;
        return new AlertCandidate(
            tenant, _jurisdiction, AlertKind.Rule, Definition.Id, RuleKinds.SanctionedCountry, Definition.Severity,
            AlertFingerprint.Compute(tenant, _jurisdiction, Definition.Id, entity, country),
            entity, record.Id, record.Timestamp, null, null, explanation, record.AcceptedAt, Evidence: record);
    }
}
