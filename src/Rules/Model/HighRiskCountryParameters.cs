namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>high-risk-country</c>: the country of any of <see cref="Parties"/> is on one of the pack lists in
/// <see cref="Lists"/> (e.g. FATF "call for action" and "increased monitoring"), each list with its own severity.
/// </summary>
public sealed record HighRiskCountryParameters(IReadOnlyList<HighRiskListLevel> Lists, IReadOnlyList<PartyRole> Parties) : RuleParameters
{
    public override string Kind => RuleKinds.HighRiskCountry;
}
