using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// The one place that turns a <see cref="MonitoredRecord"/> into the model's input vector. Training and
/// serving both call <see cref="Extract"/>, so a model can never see features computed differently from
/// the ones it was trained on. The order is part of the model contract (it is written into the model card);
/// append new features at the end and retrain, never reorder. Stateless apart from the converter, so one instance
/// may be shared across threads when the converter is thread-safe.
/// </summary>
/// <remarks>
/// Features, in order:
/// <list type="number">
/// <item><c>amountUsdLog1p</c> — ln(1 + amount in USD); the raw amount when the converter has no rate.</item>
/// <item><c>channelCash</c> … <c>channelOther</c> — one-hot of the channel (cash, card, wire, ach, sepa, crypto, other).</item>
/// <item><c>crossBorder</c> — 1 when originator and beneficiary countries are both known and differ.</item>
/// <item><c>roundAmount</c> — 1 when the amount, in its own currency, is ≥ 100 and a whole multiple of 100.</item>
/// <item><c>nearThreshold</c> — 1 when the USD amount is in [8,000, 10,000) (just under the CTR threshold).</item>
/// <item><c>hourSin</c>, <c>hourCos</c> — time of day (UTC, fractional hours) on the unit circle.</item>
/// <item><c>weekend</c> — 1 on Saturday or Sunday (UTC).</item>
/// <item><c>originatorHighRisk</c>, <c>beneficiaryHighRisk</c> — country in <see cref="HighRiskCountries"/>.</item>
/// <item><c>memoPresent</c> — 1 when the memo has non-blank text.</item>
/// <item><c>accountAgeDaysLog1p</c> — ln(1 + features.accountAgeDays), 365 days when absent, negatives as 0.</item>
/// <item><c>missingOriginatorInfo</c> — 1 when the originator, or its account, name or country, is missing.</item>
/// </list>
/// </remarks>
public sealed class FeatureExtractor
{
    /// <summary>Number of features; the model input is float32 [N, FeatureCount].</summary>
    public const int FeatureCount = 19;

    /// <summary>Account age assumed when a record does not carry <c>features.accountAgeDays</c>.</summary>
    public const double DefaultAccountAgeDays = 365;

    /// <summary>Key of the optional numeric record feature used for account age.</summary>
    public const string AccountAgeDaysKey = "accountAgeDays";

    public const decimal NearThresholdLowUsd = 8_000m;
    public const decimal NearThresholdHighUsd = 10_000m;

    private const int AmountIndex = 0;
    private const int ChannelStart = 1; // seven one-hot slots, in ChannelOrder
    private const int CrossBorderIndex = 8;
    private const int RoundAmountIndex = 9;
    private const int NearThresholdIndex = 10;
    private const int HourSinIndex = 11;
    private const int HourCosIndex = 12;
    private const int WeekendIndex = 13;
    private const int OriginatorHighRiskIndex = 14;
    private const int BeneficiaryHighRiskIndex = 15;
    private const int MemoIndex = 16;
    private const int AccountAgeIndex = 17;
    private const int MissingOriginatorIndex = 18;

    /// <summary>Ordered feature names, as written into the model card and used in explanations.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = Array.AsReadOnly(new[]
    {
        "amountUsdLog1p",
        "channelCash", "channelCard", "channelWire", "channelAch", "channelSepa", "channelCrypto", "channelOther",
        "crossBorder",
        "roundAmount",
        "nearThreshold",
        "hourSin", "hourCos",
        "weekend",
        "originatorHighRisk", "beneficiaryHighRisk",
        "memoPresent",
        "accountAgeDaysLog1p",
        "missingOriginatorInfo",
    });

    /// <summary>One-line meaning of each feature, aligned with <see cref="FeatureNames"/> (used in MODEL_CARD.md).</summary>
    public static IReadOnlyList<string> FeatureDescriptions { get; } = Array.AsReadOnly(new[]
    {
        "ln(1 + amount in USD); raw amount when no rate is known",
        "channel is cash", "channel is card", "channel is wire", "channel is ach", "channel is sepa", "channel is crypto",
        "channel is other",
        "originator and beneficiary countries known and different",
        "amount in its own currency is >= 100 and a multiple of 100",
        "USD amount in [8,000, 10,000)",
        "sin(2*pi*UTC hour/24), fractional hours", "cos(2*pi*UTC hour/24), fractional hours",
        "Saturday or Sunday (UTC)",
        "originator country in KP IR SY CU MM AF YE", "beneficiary country in KP IR SY CU MM AF YE",
        "memo has non-blank text",
        "ln(1 + features.accountAgeDays); 365 when absent, negatives as 0",
        "originator, or its account, name or country, missing",
    });

    private readonly ICurrencyConverter _currency;

    public FeatureExtractor(ICurrencyConverter currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        _currency = currency;
    }

    /// <summary>The record's amount in USD, or its raw amount when no rate is known (never throws: scoring must not stall).</summary>
    public decimal AmountInUsd(MonitoredRecord record) =>
        _currency.TryConvert(record.Amount, record.Currency, "USD", out var usd) ? usd : record.Amount;

    /// <summary>Writes the record's <see cref="FeatureCount"/> features into <paramref name="destination"/>; allocates nothing.</summary>
    public void Extract(MonitoredRecord record, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (destination.Length < FeatureCount)
            throw new ArgumentException($"destination needs {FeatureCount} slots", nameof(destination));

        var f = destination[..FeatureCount];
        f.Clear();

        var usd = AmountInUsd(record);
        f[AmountIndex] = (float)Math.Log(1.0 + Math.Max(0.0, (double)usd));
        f[ChannelStart + ChannelSlot(record.Channel)] = 1f;

        var originatorCountry = record.Originator?.Country;
        var beneficiaryCountry = record.Beneficiary?.Country;
        if (!string.IsNullOrEmpty(originatorCountry) && !string.IsNullOrEmpty(beneficiaryCountry)
            && !string.Equals(originatorCountry, beneficiaryCountry, StringComparison.OrdinalIgnoreCase))
            f[CrossBorderIndex] = 1f;

        if (record.Amount >= 100m && decimal.Remainder(record.Amount, 100m) == 0m)
            f[RoundAmountIndex] = 1f;
        if (usd >= NearThresholdLowUsd && usd < NearThresholdHighUsd)
            f[NearThresholdIndex] = 1f;

        var utc = record.Timestamp.UtcDateTime;
        var angle = 2.0 * Math.PI * utc.TimeOfDay.TotalHours / 24.0;
        f[HourSinIndex] = (float)Math.Sin(angle);
        f[HourCosIndex] = (float)Math.Cos(angle);
        if (utc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            f[WeekendIndex] = 1f;

        if (HighRiskCountries.Contains(originatorCountry))
            f[OriginatorHighRiskIndex] = 1f;
        if (HighRiskCountries.Contains(beneficiaryCountry))
            f[BeneficiaryHighRiskIndex] = 1f;

        if (!string.IsNullOrWhiteSpace(record.Memo))
            f[MemoIndex] = 1f;

        var ageDays = DefaultAccountAgeDays;
        if (record.Features is { } extra && extra.TryGetValue(AccountAgeDaysKey, out var age) && double.IsFinite(age))
            ageDays = Math.Max(0.0, age);
        f[AccountAgeIndex] = (float)Math.Log(1.0 + ageDays);

        var originator = record.Originator;
        if (originator is null || string.IsNullOrEmpty(originator.Account) || string.IsNullOrEmpty(originator.Name)
            || string.IsNullOrEmpty(originator.Country))
            f[MissingOriginatorIndex] = 1f;
    }

    // One-hot slot per channel, in the documented order (not the enum's numeric values, which start at Other = 0).
    private static int ChannelSlot(PaymentChannel channel) => channel switch
    {
        PaymentChannel.Cash => 0,
        PaymentChannel.Card => 1,
        PaymentChannel.Wire => 2,
        PaymentChannel.Ach => 3,
        PaymentChannel.Sepa => 4,
        PaymentChannel.Crypto => 5,
        _ => 6,
    };
}
