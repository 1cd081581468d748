namespace Lepton.Monitor.Rules;

/// <summary>Kinds of PII the <see cref="PiiTextScanner"/> recognises in free text; flags, so one scan reports all it saw.</summary>
[Flags]
public enum PiiKinds
{
    None = 0,
    CardNumber = 1,
    Iban = 2,
    Ssn = 4,
    Email = 8,
    All = CardNumber | Iban | Ssn | Email,
}
