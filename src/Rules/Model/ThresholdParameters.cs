using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>threshold</c>: a record on one of <see cref="Channels"/> whose amount, converted to <see cref="Currency"/>
/// (the pack currency when null), compares with <see cref="Amount"/> by <see cref="Operator"/>.
/// </summary>
/// <remarks>
/// <see cref="Currency"/> exists for laws that state a threshold in another currency than the pack's, e.g. the UK
/// Money Laundering Regulations 2017 state the high-value-dealer threshold in euros.
/// </remarks>
public sealed record ThresholdParameters(
    decimal Amount,
    ThresholdOperator Operator,
    IReadOnlyList<PaymentChannel> Channels,
    string? Currency) : RuleParameters
{
    public override string Kind => RuleKinds.Threshold;
}
