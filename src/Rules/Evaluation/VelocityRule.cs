using System.Globalization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// <c>velocity</c>: an entity's records on watched channels within the window exceed a count or an amount — bursts
/// typical of account takeover, mule activity or rapid movement of funds.
/// </summary>
public sealed class VelocityRule : IWindowedRule
{
    private readonly string _jurisdiction;
    private readonly string _packCurrency;
    private readonly int _maxCount;
    private readonly long _maxCents;
    private readonly RuleReference _reference;

    public VelocityRule(RuleDefinition definition, string jurisdiction, string packCurrency, ICurrencyConverter rates)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrWhiteSpace(jurisdiction);
        ArgumentException.ThrowIfNullOrWhiteSpace(packCurrency);
        ArgumentNullException.ThrowIfNull(rates);
        var p = definition.Parameters as VelocityParameters
            ?? throw new ArgumentException($"rule '{definition.Id}' is a {definition.Kind} rule, not {RuleKinds.Velocity}", nameof(definition));

        Definition = definition;
        _jurisdiction = jurisdiction;
        _packCurrency = packCurrency;
        _maxCount = p.MaxCount ?? int.MaxValue;
        _maxCents = p.MaxAmount is { } max ? RuleSupport.ThresholdCents(definition, max, p.Currency, packCurrency, rates) : long.MaxValue;
        Window = p.Window;
        ChannelMask = RuleSupport.ChannelMask(p.Channels);
        _reference = new RuleReference(definition.Id, definition.Kind, definition.LegalSource);
    }

    public RuleDefinition Definition { get; }

    public TimeSpan Window { get; }

    public uint ChannelMask { get; }

    /// <summary>Stateless evaluation cannot count.</summary>
    public void Evaluate(string tenant, MonitoredRecord record, ModelScore? score, List<AlertCandidate> output)
    {
    }

    public void Evaluate(string tenant, MonitoredRecord record, EntityHistory history, List<AlertCandidate> output)
    {
        if (!Check(history, history.Index, out var count, out var total) && !(history.IsOutOfOrder && Check(history, history.Events.Length - 1, out count, out total)))
            return;
        output.Add(Candidate(tenant, record, count, total));
    }

    private bool Check(EntityHistory history, int end, out int count, out long total)
    {
        count = 0;
        total = 0;
        if ((ChannelMask & RuleSupport.ChannelBit(history.Events[end].Channel)) == 0)
            return false;
        foreach (var e in history.WindowEndingAt(end, Window))
        {
            if ((ChannelMask & RuleSupport.ChannelBit(e.Channel)) != 0)
            {
                count++;
                total += e.AmountCents;
            }
        }
        return count > _maxCount || total > _maxCents;
    }

    private AlertCandidate Candidate(string tenant, MonitoredRecord record, int count, long totalCents)
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
            summary = $"total {RuleSupport.Money(total, _packCurrency)} within {window} > {RuleSupport.Money(max, _packCurrency)}";
            values.Add(new ExplanationValue("totalInPackCurrency", (double)total, ">", (double)max));
        }
        var explanation = new AlertExplanation(summary, _reference, [.. values], null);
        return RuleSupport.Candidate(tenant, _jurisdiction, Definition, Definition.Severity, record, explanation);
    }
}
