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
public sealed class StructuringRule : IWindowedRule
{
    private readonly string _jurisdiction;
    private readonly string _packCurrency;
    private readonly long _thresholdCents;
    private readonly long _floorCents;
    private readonly int _minCount;
    private readonly bool _strict;
    private readonly RuleReference _reference;

    public StructuringRule(RuleDefinition definition, string jurisdiction, string packCurrency, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(packCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        var p = definition.Parameters as StructuringParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.Structuring}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _packCurrency = packCurrency;
        _thresholdCents = RuleSupport.ThresholdCents(definition, p.Threshold, p.Currency, packCurrency, rates);
        _floorCents = RuleSupport.ThresholdCents(definition, p.Floor, p.Currency, packCurrency, rates);
        _minCount = p.MinCount;
        _strict = p.Operator == ThresholdOperator.GreaterThan;
        Window = p.Window;
        ChannelMask = RuleSupport.ChannelMask(p.Channels);
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public TimeSpan Window { get; }

    public uint ChannelMask { get; }

    /// <summary>Stateless evaluation cannot see a pattern.</summary>
    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
    }

    public void Evaluate(string tenant, MonitoredRecord record, EntityHistory history, List<AlertCandidate> output)
    {
        if (!Check(history, history.Index, out var count, out var total) && !(history.IsOutOfOrder && Check(history, history.Events.Length - 1, out count, out total)))
            return;
        output.Add(Candidate(tenant, record, count, total));
    }

    private bool Qualifies(in WindowEvent e) =>
        (ChannelMask & RuleSupport.ChannelBit(e.Channel)) != 0 && e.AmountCents >= _floorCents && e.AmountCents < _thresholdCents;

    private bool Check(EntityHistory history, int end, out int count, out long total)
    {
        count = 0;
        total = 0;
        if (!Qualifies(history.Events[end]))
            return false;
        foreach (var e in history.WindowEndingAt(end, Window))
        {
            if (Qualifies(e))
            {
                count++;
                total += e.AmountCents;
            }
        }
        return count >= _minCount && (_strict ? total > _thresholdCents : total >= _thresholdCents);
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, int count, long totalCents)
    {
        var total = RuleSupport.FromCents(totalCents);
        var threshold = RuleSupport.FromCents(_thresholdCents);
        var floor = RuleSupport.FromCents(_floorCents);
        var op = _strict ? ">" : ">=";
        var explanation = new AlertExplanation(
            string.Create(CultureInfo.InvariantCulture,
                $"{count} amounts in [{RuleSupport.Money(floor, _packCurrency)}, {RuleSupport.Money(threshold, _packCurrency)}) within {RuleSupport.WindowText(Window)} total {RuleSupport.Money(total, _packCurrency)} {(_strict ? ">" : "≥")} {RuleSupport.Money(threshold, _packCurrency)}"),
            _reference,
            [
                new ExplanationValue("countInWindow", count, ">=", _minCount),
                new ExplanationValue("totalInPackCurrency", (double)total, op, (double)threshold),
            ],
            null);
        return RuleSupport.Candidate(tenant, _jurisdiction, Definition, Definition.Severity, record, explanation);
    }
}
