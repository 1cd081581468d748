using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>travel-rule</c>: a cross-border transfer (originator and beneficiary countries known and different) at or above
/// the threshold that lacks the originator's or the beneficiary's name or account (FATF R.16 and its national forms).
/// </summary>
/// <remarks>
/// After ingest, names and accounts are tokens: the rule sees only whether they were sent. A threshold of 0 means any
/// amount (EU Regulation (EU) 2023/1113); otherwise the amount converts like <see cref="ThresholdRule"/> does, and a
/// record whose currency has no rate is skipped (ingest dead-letters those).
/// </remarks>
public sealed class TravelRule : IRule
{
    private readonly string _jurisdiction;
    private readonly string _currency;
    private readonly decimal _threshold;
    private readonly uint _channelMask;
    private readonly ICurrencyConverter _rates;
    private readonly RuleReference _reference;

    public TravelRule(RuleDefinition definition, string jurisdiction, string packCurrency, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(packCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        var p = definition.Parameters as TravelRuleParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.TravelRule}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _currency = p.Currency ?? packCurrency;
        _threshold = p.Amount;
        _channelMask = RuleSupport.ChannelMask(p.Channels);
        _rates = rates;
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
        if ((_channelMask & RuleSupport.ChannelBit(record.Channel)) == 0)
            return;
        var from = record.Originator;
        var to = record.Beneficiary;
        if (from?.Country is not { } fromCountry || to?.Country is not { } toCountry
            || string.Equals(fromCountry, toCountry, StringComparison.OrdinalIgnoreCase))
            return;
        var missing = Missing(from, to);
        if (missing == 0)
            return;

        var amount = record.Amount;
        if (_threshold > 0)
        {
            if (!RuleSupport.TryAmountIn(record, _currency, _rates, out amount) || amount < _threshold)
                return;
        }
        else
        {
            RuleSupport.TryAmountIn(record, _currency, _rates, out amount);
        }
        output.Add(Candidate(tenant, record, missing, amount, fromCountry, toCountry));
    }

    private static int Missing(Party from, Party to) =>
        (string.IsNullOrEmpty(from.Name) ? 1 : 0) | (string.IsNullOrEmpty(from.Account) ? 2 : 0)
        | (string.IsNullOrEmpty(to.Name) ? 4 : 0) | (string.IsNullOrEmpty(to.Account) ? 8 : 0);

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, int missing, decimal amount, string from, string to)
    {
        var fields = new List<string>(4);
        if ((missing & 1) != 0) fields.Add("originator.name");
        if ((missing & 2) != 0) fields.Add("originator.account");
        if ((missing & 4) != 0) fields.Add("beneficiary.name");
        if ((missing & 8) != 0) fields.Add("beneficiary.account");
        var values = new List<ExplanationValue>(fields.Count + 1)
        {
            new("amountInRuleCurrency", (double)amount, ">=", (double)_threshold),
        };
        foreach (var field in fields)
            values.Add(new ExplanationValue(field, "missing", "required", null));
        var explanation = new AlertExplanation(
            $"cross-border {ChannelNames.Of(record.Channel)} {from.ToUpperInvariant()}→{to.ToUpperInvariant()} of {RuleSupport.Money(amount, _currency)} (≥ {RuleSupport.Money(_threshold, _currency)}) lacks {string.Join(", ", fields)}",
            _reference,
            [.. values],
            null);
        return RuleSupport.Candidate(tenant, _jurisdiction, Definition, Definition.Severity, record, explanation);
    }
}
