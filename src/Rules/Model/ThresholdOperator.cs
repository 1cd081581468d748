namespace Lepton.Monitor.Rules;

/// <summary>
/// How an amount is compared with its threshold. Laws differ: "more than USD 10,000" (31 CFR 1010.311) is
/// <see cref="GreaterThan"/>, "EUR 10,000 or more" (Directive (EU) 2015/849 Art. 11) is <see cref="GreaterOrEqual"/>.
/// </summary>
public enum ThresholdOperator
{
    GreaterOrEqual,
    GreaterThan,
}
