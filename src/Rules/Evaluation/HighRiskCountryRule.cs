using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>high-risk-country</c>: a party's country is on a high-risk list (FATF "call for action", "increased monitoring").
/// The first list holding the country decides the severity; each party and country raises its own candidate, with the
/// country in the fingerprint, as for <see cref="SanctionedCountryRule"/>.
/// </summary>
public sealed class HighRiskCountryRule : IRule
{
    private readonly string _jurisdiction;
    private readonly (ReferenceList List, Severity Severity)[] _levels;
    private readonly bool _originator;
    private readonly bool _beneficiary;
    private readonly RuleReference _reference;

    public HighRiskCountryRule(RuleDefinition definition, string jurisdiction, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentNullException.ThrowIfNull(lists);
        var p = definition.Parameters as HighRiskCountryParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.HighRiskCountry}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _levels = new (ReferenceList, Severity)[p.Lists.Count];
        for (var i = 0; i < _levels.Length; i++)
        {
            var level = p.Lists[i];
            _levels[i] = (lists.TryGetValue(level.List, out var list)
                ? list
                : throw new ArgumentException($"rule '{definition.Id}' refers to list '{level.List}', which pack {jurisdiction} lacks", nameof(lists)),
                level.Severity ?? definition.Severity);
        }
        _originator = p.Parties.Contains(PartyRole.Originator);
        _beneficiary = p.Parties.Contains(PartyRole.Beneficiary);
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        if (_originator && record.Originator?.Country is { } from && Find(from) is { } fromLevel)
            output.Add(Candidate(tenant, record, "originator", from, fromLevel));
        if (_beneficiary && record.Beneficiary?.Country is { } to && Find(to) is { } toLevel)
            output.Add(Candidate(tenant, record, "beneficiary", to, toLevel));
    }

    private int? Find(string country)
    {
        for (var i = 0; i < _levels.Length; i++)
        {
            if (_levels[i].List.Contains(country))
                return i;
        }
        return null;
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, string party, string country, int level)
    {
        country = country.ToUpperInvariant();
        var (list, severity) = _levels[level];
        var explanation = new AlertExplanation(
            $"{party} country {country} is on {list.Citation}",
            _reference,
            [new ExplanationValue($"{party}.country", country, "in", list.Citation)],
            null);
        return RuleSupport.Candidate(tenant, _jurisdiction, Definition, severity, record, explanation, country);
    }
}
