namespace Lepton.Monitor.Rules;

/// <summary><c>sanctioned-country</c>: the country of any of <see cref="Parties"/> is in the pack list named <see cref="List"/>.</summary>
public sealed record SanctionedCountryParameters(string List, IReadOnlyList<PartyRole> Parties) : RuleParameters
{
    public override string Kind => RuleKinds.SanctionedCountry;
}
