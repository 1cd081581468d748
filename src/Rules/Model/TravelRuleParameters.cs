using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>travel-rule</c>: a cross-border transfer (originator country ≠ beneficiary country, both known) on
/// <see cref="Channels"/> of at least <see cref="Amount"/> (in <see cref="Currency"/>, the pack's when null; 0 means any
/// amount) that lacks the originator's or the beneficiary's name or account.
/// </summary>
public sealed record TravelRuleParameters(decimal Amount, IReadOnlyList<PaymentChannel> Channels, string? Currency) : RuleParameters
{
    public override string Kind => RuleKinds.TravelRule;
}
