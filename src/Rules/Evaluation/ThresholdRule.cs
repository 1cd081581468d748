using System.Globalization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>threshold</c>: a record on a watched channel whose amount, in the rule's currency, crosses the threshold
/// (e.g. cash more than USD 10,000 → Currency Transaction Report).
/// </summary>
/// <remarks>
/// A converted amount is rounded to cents (away from zero) before the comparison, as a report would state it, so a
/// boundary amount does not hinge on the 28th decimal of a division. An amount already in the rule's currency is
/// compared as is. A record whose currency the rate table lacks is skipped (ingest dead-letters those earlier).
/// </remarks>
public sealed class ThresholdRule : IRule
{
    private readonly string _jurisdiction;
    private readonly string _currency;
    private readonly decimal _threshold;
    private readonly bool _strict;
    private readonly uint _channelMask;
    private readonly ICurrencyConverter _rates;
    private readonly RuleReference _reference;
    private readonly string _valueName;
    private readonly string _op;
    private readonly string _opSymbol;
    private readonly object _thresholdValue;
    private readonly string _thresholdText;

    public ThresholdRule(RuleDefinition definition, string jurisdiction, string packCurrency, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(packCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        var p = definition.Parameters as ThresholdParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.Threshold}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _currency = p.Currency ?? packCurrency;
        _threshold = p.Amount;
        _strict = p.Operator == ThresholdOperator.GreaterThan;
        foreach (var channel in p.Channels)
            _channelMask |= ChannelBit(channel);
        _rates = rates;

        // Everything an alert repeats is built once here; an alert then only formats the record's own numbers.
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
        _valueName = string.Equals(_currency, packCurrency, StringComparison.OrdinalIgnoreCase) ? "amountInPackCurrency" : "amountInRuleCurrency";
        _op = _strict ? ">" : ">=";
        _opSymbol = _strict ? ">" : "≥";
        _thresholdValue = (double)_threshold;
        _thresholdText = Money(_threshold, _currency);
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        if ((_channelMask & ChannelBit(record.Channel)) == 0)
            return;

        decimal amount;
        var converted = !string.Equals(record.Currency, _currency, StringComparison.OrdinalIgnoreCase);
        if (!converted)
            amount = record.Amount;
        else if (_rates.TryConvert(record.Amount, record.Currency, _currency, out var inRuleCurrency))
            amount = Math.Round(inRuleCurrency, 2, MidpointRounding.AwayFromZero);
        else
            return;

        if (_strict ? amount <= _threshold : amount < _threshold)
            return;
        output.Add(Candidate(tenant, record, amount, converted));
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, decimal amount, bool converted)
    {
        var summary = $"{ChannelNames.Of(record.Channel)} {Money(amount, _currency)} {_opSymbol} {_thresholdText}";
        if (converted)
            summary += $" (converted from {Money(record.Amount, record.Currency)})";
        var explanation = new AlertExplanation(
            summary,
            _reference,
            [new ExplanationValue(_valueName, (double)amount, _op, _thresholdValue)],
            null);
        var entity = record.Entity;
        return new AlertCandidate(
            tenant, _jurisdiction, AlertKind.Rule, Definition.Id, RuleKinds.Threshold, Definition.Severity,
            AlertFingerprint.Compute(tenant, _jurisdiction, Definition.Id, entity),
            entity, record.Id, record.Timestamp, null, null, explanation, record.AcceptedAt, Evidence: record);
    }

    private static uint ChannelBit(PaymentChannel channel) => (byte)channel < 32 ? 1u << (byte)channel : 0u;

    private static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {currency}");
}
