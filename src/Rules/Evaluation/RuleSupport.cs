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

    /// <summary>The largest amount whose cents fit a <see cref="long"/>: 92,233,720,368,547,758.07.</summary>
    private const decimal MaxWholeCents = long.MaxValue / 100m;

    /// <summary>
    /// <paramref name="amount"/> in cents (truncated, or rounded up with <paramref name="roundUp"/>), saturating at
    /// <see cref="long.MaxValue"/> / <see cref="long.MinValue"/>: validation bounds amounts far below that
    /// (<see cref="AmountBounds"/>), and a value that slips past it must not throw from a rule (it would take its
    /// batch with it) — beyond 92 quadrillion, every threshold is crossed anyway.
    /// </summary>
    public static long ToCents(decimal amount, bool roundUp = false)
    {
        if (amount >= MaxWholeCents)
            return long.MaxValue;
        if (amount <= -MaxWholeCents)
            return long.MinValue;
        var cents = amount * 100m; // |cents| < long.MaxValue: cannot overflow decimal or the cast
        return (long)(roundUp ? Math.Ceiling(cents) : cents);
    }

    /// <summary>A window total: <paramref name="total"/> + <paramref name="cents"/>, saturating instead of wrapping around.</summary>
    public static long AddCents(long total, long cents)
    {
        var sum = unchecked(total + cents);
        // Overflow iff both operands have the sign the sum lacks.
        return ((total ^ sum) & (cents ^ sum)) < 0 ? (cents > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    /// <summary>A threshold stated in <paramref name="currency"/> as cents of <paramref name="packCurrency"/> (rounded up, so "≥" keeps its meaning).</summary>
    public static long ThresholdCents(RuleDefinition rule, decimal amount, string? currency, string packCurrency, ICurrencyConverter rates)
    {
        var inPack = amount;
        if (currency is not null && !string.Equals(currency, packCurrency, StringComparison.OrdinalIgnoreCase)
            && !rates.TryConvert(amount, currency, packCurrency, out inPack))
            throw new ArgumentException($"rule '{rule.Id}': no rate to convert {currency} into the pack currency {packCurrency}");
        return ToCents(inPack, roundUp: true);
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
        AlertExplanation explanation, string? qualifier = null, string[]? evidence = null, MonitoredRecord? kept = null)
    {
        var entity = record.Entity;
        return new AlertCandidate(
            tenant, jurisdiction, AlertKind.Rule, rule.Id, rule.Kind, severity,
            AlertFingerprint.Compute(tenant, jurisdiction, rule.Id, entity, qualifier),
            entity, record.Id, record.Timestamp, null, null, explanation, record.AcceptedAt, evidence, kept ?? record);
    }

    public static string WindowText(TimeSpan window) => DurationText.Format(window);
}
