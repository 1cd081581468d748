namespace Lepton.Monitor.Rules;

/// <summary>Which side of a transaction a rule looks at.</summary>
public enum PartyRole
{
    Originator,
    Beneficiary,
}
