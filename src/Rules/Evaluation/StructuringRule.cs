using System.Globalization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>structuring</c>: the record is one of at least N amounts in [floor, threshold) by one entity within the window,
/// and their total crosses the threshold — as if a reportable amount were split to stay under the radar.
/// </summary>
/// <remarks>
/// Only a record that itself falls in [floor, threshold) on a watched channel completes a pattern, so a card payment
/// after a structuring run does not raise the alert again. Amounts compare in cents of the pack currency; a threshold
/// stated in another currency is converted once, when the rule is built.
/// </remarks>
public sealed class StructuringRule : WindowedRule
{
    private readonly long _thresholdCents;
    private readonly long _floorCents;
    private readonly int _minCount;
    private readonly bool _strict;

    public StructuringRule(RuleDefinition definition, string jurisdiction, string packCurrency, ICurrencyConverter rates)
        : base(definition, jurisdiction, packCurrency, ParametersOf(definition).Window, RuleSupport.ChannelMask(ParametersOf(definition).Channels))
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(packCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        var p = ParametersOf(definition);
        _thresholdCents = RuleSupport.ThresholdCents(definition, p.Threshold, p.Currency, packCurrency, rates);
        _floorCents = RuleSupport.ThresholdCents(definition, p.Floor, p.Currency, packCurrency, rates);
        _minCount = p.MinCount;
        _strict = p.Operator == ThresholdOperator.GreaterThan;
    }


    private static StructuringParameters ParametersOf(RuleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Parameters as StructuringParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.Structuring}", nameof(definition));
    }

    /// <summary>A qualifying amount: on a watched channel, in [floor, threshold).</summary>
    protected override bool Counts(in WindowEvent e) =>
        (ChannelMask & RuleSupport.ChannelBit(e.Channel)) != 0 && e.AmountCents >= _floorCents && e.AmountCents < _thresholdCents;

    protected override bool Check(EntityHistory history, int end, out int count, out long total)
    {
        count = 0;
        total = 0;
        // Only a qualifying amount completes a pattern (a card payment after a structuring run does not repeat it).
        if (!Counts(history.Events[end]))
            return false;
        foreach (var e in history.WindowEndingAt(end, Window))
        {
            if (Counts(e))
            {
                count++;
                total = RuleSupport.AddCents(total, e.AmountCents);
            }
        }
        return count >= _minCount && (_strict ? total > _thresholdCents : total >= _thresholdCents);
    }

    protected override AlertCandidate Candidate(string tenant, MonitoredRecord record, int count, long totalCents, string[] evidence)
    {
        var total = RuleSupport.FromCents(totalCents);
        var threshold = RuleSupport.FromCents(_thresholdCents);
        var floor = RuleSupport.FromCents(_floorCents);
        var op = _strict ? ">" : ">=";
        var explanation = new AlertExplanation(
            string.Create(CultureInfo.InvariantCulture,
                $"{count} amounts in [{RuleSupport.Money(floor, PackCurrency)}, {RuleSupport.Money(threshold, PackCurrency)}) within {RuleSupport.WindowText(Window)} total {RuleSupport.Money(total, PackCurrency)} {(_strict ? ">" : "≥")} {RuleSupport.Money(threshold, PackCurrency)}"),
            Reference,
            [
                new ExplanationValue("countInWindow", count, ">=", _minCount),
                new ExplanationValue("totalInPackCurrency", (double)total, op, (double)threshold),
            ],
            null);
        return RuleSupport.Candidate(tenant, Jurisdiction, Definition, Definition.Severity, record, explanation, evidence: evidence);
    }
}
