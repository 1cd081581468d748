using System.Globalization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>velocity</c>: an entity's records on watched channels within the window exceed a count or an amount — bursts
/// typical of account takeover, mule activity or rapid movement of funds.
/// </summary>
public sealed class VelocityRule : WindowedRule
{
    private readonly int _maxCount;
    private readonly long _maxCents;

    public VelocityRule(RuleDefinition definition, string jurisdiction, string packCurrency, ICurrencyConverter rates)
        : base(definition, jurisdiction, packCurrency, ParametersOf(definition).Window, RuleSupport.ChannelMask(ParametersOf(definition).Channels))
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(packCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        var p = ParametersOf(definition);
        _maxCount = p.MaxCount ?? int.MaxValue;
        _maxCents = p.MaxAmount is { } max ? RuleSupport.ThresholdCents(definition, max, p.Currency, packCurrency, rates) : long.MaxValue;
    }

    private static VelocityParameters ParametersOf(RuleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Parameters as VelocityParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.Velocity}", nameof(definition));
    }

    protected override bool Counts(in WindowEvent e) => (ChannelMask & RuleSupport.ChannelBit(e.Channel)) != 0;

    protected override bool Check(EntityHistory history, int end, out int count, out long total)
    {
        count = 0;
        total = 0;
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
        return count > _maxCount || total > _maxCents;
    }

    protected override AlertCandidate Candidate(string tenant, MonitoredRecord record, int count, long totalCents, string[] evidence)
    {
        var total = RuleSupport.FromCents(totalCents);
        var window = RuleSupport.WindowText(Window);
        var values = new List<ExplanationValue>(2);
        string summary;
        if (count > _maxCount)
        {
            summary = string.Create(CultureInfo.InvariantCulture, $"{count} records within {window} > {_maxCount}");
            values.Add(new ExplanationValue("countInWindow", count, ">", _maxCount));
        }
        else
        {
            var max = RuleSupport.FromCents(_maxCents);
            summary = $"total {RuleSupport.Money(total, PackCurrency)} within {window} > {RuleSupport.Money(max, PackCurrency)}";
            values.Add(new ExplanationValue("totalInPackCurrency", (double)total, ">", (double)max));
        }
        var explanation = new AlertExplanation(summary, Reference, [.. values], null);
        return RuleSupport.Candidate(tenant, Jurisdiction, Definition, Definition.Severity, record, explanation, evidence: evidence);
    }
}
