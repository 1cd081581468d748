using System.Globalization;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>Small pieces the rule classes share: channel masks, money text, cent conversion, rule candidates.</summary>
internal static class RuleSupport
{
    public static uint ChannelBit(PaymentChannel channel) => (byte)channel < 32 ? 1u << (byte)channel : 0u;

    public static uint ChannelMask(IReadOnlyList<PaymentChannel> channels)
    {
        var mask = 0u;
        foreach (var channel in channels)
            mask |= ChannelBit(channel);
        return mask;
    }

    public static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {currency}");

    public static decimal FromCents(long cents) => cents / 100m;

    /// <summary>A threshold stated in <paramref name="currency"/> as cents of <paramref name="packCurrency"/> (rounded up, so "≥" keeps its meaning).</summary>
    public static long ThresholdCents(RuleDefinition rule, decimal amount, string? currency, string packCurrency, ICurrencyConverter rates)
    {
        var inPack = amount;
        if (currency is not null && !string.Equals(currency, packCurrency, StringComparison.OrdinalIgnoreCase)
            && !rates.TryConvert(amount, currency, packCurrency, out inPack))
            throw new ArgumentException($"rule '{rule.Id}': no rate to convert {currency} into the pack currency {packCurrency}");
        return (long)Math.Ceiling(inPack * 100m);
    }

    /// <summary>The record's amount in <paramref name="currency"/>, rounded to cents when converted; false without a rate.</summary>
    public static bool TryAmountIn(MonitoredRecord record, string currency, ICurrencyConverter rates, out decimal amount)
    {
        if (string.Equals(record.Currency, currency, StringComparison.OrdinalIgnoreCase))
        {
            amount = record.Amount;
            return true;
        }
        if (rates.TryConvert(record.Amount, record.Currency, currency, out amount))
        {
            amount = Math.Round(amount, 2, MidpointRounding.AwayFromZero);
            return true;
        }
        return false;
    }

    public static AlertCandidate Candidate(
        string tenant, string jurisdiction, RuleDefinition rule, Severity severity, MonitoredRecord record,
        AlertExplanation explanation, string? qualifier = null)
    {
        var entity = record.Entity;
        return new AlertCandidate(
            tenant, jurisdiction, AlertKind.Rule, rule.Id, rule.Kind, severity,
            AlertFingerprint.Compute(tenant, jurisdiction, rule.Id, entity, qualifier),
            entity, record.Id, record.Timestamp, null, null, explanation, record.AcceptedAt);
    }

    public static string WindowText(TimeSpan window) => DurationText.Format(window);
}
