using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>velocity</c>: per entity, within <see cref="Window"/>, more than <see cref="MaxCount"/> records and/or a total of
/// more than <see cref="MaxAmount"/> (in <see cref="Currency"/>, the pack's when null) on <see cref="Channels"/>.
/// At least one of the two limits is set; either crossing alerts.
/// </summary>
public sealed record VelocityParameters(
    TimeSpan Window,
    int? MaxCount,
    decimal? MaxAmount,
    IReadOnlyList<PaymentChannel> Channels,
    string? Currency) : RuleParameters
{
    public override string Kind => RuleKinds.Velocity;
}
