using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>structuring</c>: per entity, at least <see cref="MinCount"/> amounts on <see cref="Channels"/>, each in
/// [<see cref="Floor"/>, <see cref="Threshold"/>), within <see cref="Window"/>, whose total compares with
/// <see cref="Threshold"/> by <see cref="Operator"/> — several amounts kept just under a reporting threshold.
/// Amounts are in <see cref="Currency"/> (the pack currency when null).
/// </summary>
public sealed record StructuringParameters(
    decimal Threshold,
    decimal Floor,
    int MinCount,
    TimeSpan Window,
    ThresholdOperator Operator,
    IReadOnlyList<PaymentChannel> Channels,
    string? Currency) : RuleParameters
{
    public override string Kind => RuleKinds.Structuring;
}
