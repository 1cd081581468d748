using System.Collections.Frozen;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Checks a <see cref="RawRecord"/> against schema v1 (PRODUCT.md §3) and names the first problem as
/// <c>field: problem</c>, fields in schema order. Whether the tenant exists is the caller's check.
/// Thread-safe and allocation-free on valid records.
/// </summary>
/// <remarks>
/// <para>A currency must be a known ISO 4217 code and, when a rate table is given, have a rate in it: rules compare amounts in
/// their pack's currency, so a record they cannot convert is dead-lettered here rather than silently skipped by them.</para>
/// <para>Every number the rule arithmetic depends on is bounded here with a reason: an amount is at most
/// <see cref="AmountBounds.MaxAmount"/> (10^12 in the record's currency) with at most
/// <see cref="AmountBounds.MaxDecimalPlaces"/> decimal places, and a timestamp at most <see cref="MaxFutureSkew"/> ahead
/// of the ingest clock (an attacker controls timestamps; entity windows cap what they trust, too).</para>
/// </remarks>
public sealed class RecordValidator
{
    public const int MaxIdLength = 256;
    public const int MaxJurisdictions = 32;

    private const string ChannelReason = "channel: must be one of cash|card|wire|ach|sepa|crypto|other";

    /// <summary>How far ahead of the ingest clock a timestamp may be unless configured (IngestOptions.MaxFutureSkew).</summary>
    public static readonly TimeSpan DefaultMaxFutureSkew = TimeSpan.FromDays(1);

    private static readonly string AmountTooLargeReason = $"amount: must be at most {AmountBounds.MaxAmountText}";
    private static readonly string AmountScaleReason = $"amount: must have at most {AmountBounds.MaxDecimalPlaces} decimal places";

    private static readonly Lazy<RecordValidator> LazyDefault = new(() => new RecordValidator(rates: DefaultRates()));

    private readonly FrozenSet<string> _extraJurisdictions;
    private readonly CurrencyRates? _rates;
    private readonly TimeProvider _clock;
    private readonly string _futureReason;

    /// <param name="extraJurisdictionCodes">
    /// Jurisdiction codes beyond countries, EU, EEA and GLOBAL that region fields may carry (custom rule packs).
    /// </param>
    /// <param name="rates">The rate table rules convert with; a currency without a rate in it is rejected. Null: no rate check.</param>
    /// <param name="maxFutureSkew">How far ahead of the clock a timestamp may be (default <see cref="DefaultMaxFutureSkew"/>).</param>
    /// <param name="clock">The ingest clock of <see cref="Validate(RawRecord)"/> (default: the system clock).</param>
    public RecordValidator(
        IEnumerable<string>? extraJurisdictionCodes = null, CurrencyRates? rates = null, TimeSpan? maxFutureSkew = null, TimeProvider? clock = null)
        : this((extraJurisdictionCodes ?? []).ToFrozenSet(StringComparer.Ordinal), rates, maxFutureSkew ?? DefaultMaxFutureSkew, clock ?? TimeProvider.System)
    {
    }

    private RecordValidator(FrozenSet<string> extraJurisdictions, CurrencyRates? rates, TimeSpan maxFutureSkew, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFutureSkew, TimeSpan.Zero);
        _extraJurisdictions = extraJurisdictions;
        _rates = rates;
        _clock = clock;
        MaxFutureSkew = maxFutureSkew;
        _futureReason = $"timestamp: more than {maxFutureSkew.ToString("c", System.Globalization.CultureInfo.InvariantCulture)} in the future";
    }

    /// <summary>How far ahead of the ingest clock a record's timestamp may be; beyond it the record is rejected.</summary>
    public TimeSpan MaxFutureSkew { get; }

    /// <summary>This validator (same codes and rate table) with another future skew and, optionally, clock.</summary>
    public RecordValidator With(TimeSpan maxFutureSkew, TimeProvider? clock = null) =>
        maxFutureSkew == MaxFutureSkew && (clock is null || ReferenceEquals(clock, _clock))
            ? this
            : new(_extraJurisdictions, _rates, maxFutureSkew, clock ?? _clock);

    /// <summary>
    /// Validator for the built-in codes and the rate table shipped next to the application
    /// (<see cref="CurrencyRates.LoadDefault"/>, the one the monitors use); without that file, no rate check.
    /// </summary>
    public static RecordValidator Default => LazyDefault.Value;

    private static CurrencyRates? DefaultRates()
    {
        var path = Path.Combine(AppContext.BaseDirectory, CurrencyRates.DefaultRelativePath);
        return File.Exists(path) ? CurrencyRates.Load(path) : null;
    }

    /// <summary>Null when the record is valid at this validator's clock's now, else the first reason in field order.</summary>
    public string? Validate(RawRecord record) => Validate(record, _clock.GetUtcNow());

    /// <summary>Null when the record is valid, ingested at <paramref name="now"/>, else the first reason in field order.</summary>
    public string? Validate(RawRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CheckId(record)
            ?? CheckTenant(record)
            ?? CheckTimestamp(record, now)
            ?? CheckAmount(record)
            ?? CheckCurrency(record)
            ?? CheckChannel(record)
            ?? CheckParty(record, RecordField.Originator, record.Originator, "originator.country: unknown ISO 3166-1 alpha-2 code")
            ?? CheckParty(record, RecordField.Beneficiary, record.Beneficiary, "beneficiary.country: unknown ISO 3166-1 alpha-2 code")
            ?? CheckJurisdictions(record)
            ?? CheckRegion(record, RecordField.DataSubjectRegion, record.DataSubjectRegion, "dataSubjectRegion: unknown country or jurisdiction code")
            ?? CheckRegion(record, RecordField.ProcessingRegion, record.ProcessingRegion, "processingRegion: unknown country or jurisdiction code")
            ?? Error(record, RecordField.Memo)
            ?? Error(record, RecordField.Attributes)
            ?? Error(record, RecordField.Features);
    }

    /// <summary>True for a country or a known jurisdiction code (built-in or configured).</summary>
    public bool IsRegion(string code) => JurisdictionCodes.IsRegion(code) || _extraJurisdictions.Contains(code);

    private static string? Error(RawRecord record, RecordField field) =>
        record.HasFieldErrors ? record.GetFieldError(field) : null;

    private static string? CheckId(RawRecord record)
    {
        if (Error(record, RecordField.Id) is { } error)
            return error;
        return record.Id switch
        {
            null => "id: required",
            { Length: 0 } => "id: must not be empty",
            { Length: > MaxIdLength } => "id: must be at most 256 characters",
            { } id when RecordIdText.ContainsForbidden(id) => RecordIdText.ControlCharacterReason,
            _ => null,
        };
    }

    private static string? CheckTenant(RawRecord record)
    {
        if (Error(record, RecordField.Tenant) is { } error)
            return error;
        if (record.Tenant is null)
            return "tenant: required";
        return IsTenantId(record.Tenant) ? null : "tenant: must match [a-z0-9-]{1,64}";
    }

    /// <summary>Tenant ids: <c>[a-z0-9-]{1,64}</c>.</summary>
    public static bool IsTenantId(string tenant)
    {
        if (tenant.Length is 0 or > 64)
            return false;
        foreach (var c in tenant)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
                return false;
        }
        return true;
    }

    private string? CheckTimestamp(RawRecord record, DateTimeOffset now)
    {
        if (Error(record, RecordField.Timestamp) is { } error)
            return error;
        if (record.Timestamp is not { } timestamp)
            return "timestamp: required";
        // Subtracting rather than adding: now + skew could pass DateTimeOffset.MaxValue.
        return timestamp - now > MaxFutureSkew ? _futureReason : null;
    }

    private static string? CheckAmount(RawRecord record)
    {
        if (Error(record, RecordField.Amount) is { } error)
            return error;
        return record.Amount switch
        {
            null => "amount: required",
            <= 0m => "amount: must be > 0",
            > AmountBounds.MaxAmount => AmountTooLargeReason,
            { } amount when !AmountBounds.HasAllowedScale(amount) => AmountScaleReason,
            _ => null,
        };
    }

    private string? CheckCurrency(RawRecord record)
    {
        if (Error(record, RecordField.Currency) is { } error)
            return error;
        if (record.Currency is null)
            return "currency: required";
        if (!IsoCodes.Currencies.Contains(record.Currency))
            return ReasonText.WithValue("currency: unknown ISO 4217 code", record.Currency);
        return _rates is null || _rates.Contains(record.Currency)
            ? null
            : ReasonText.WithValue("currency: no rate in the rate table for", record.Currency);
    }

    private static string? CheckChannel(RawRecord record)
    {
        if (Error(record, RecordField.Channel) is { } error)
            return error;
        // Optional: an absent channel means "other" (PaymentChannel.Other).
        return record.Channel is null || ChannelNames.TryParse(record.Channel, out _) ? null : ChannelReason;
    }

    private static string? CheckParty(RawRecord record, RecordField field, RawParty? party, string unknownCountry)
    {
        if (Error(record, field) is { } error)
            return error;
        if (party?.Country is { } country && !IsoCodes.Countries.Contains(country))
            return ReasonText.WithValue(unknownCountry, country);
        return null;
    }

    private string? CheckJurisdictions(RawRecord record)
    {
        if (Error(record, RecordField.Jurisdictions) is { } error)
            return error;
        var jurisdictions = record.Jurisdictions;
        if (jurisdictions is null)
            return null;
        if (jurisdictions.Length > MaxJurisdictions)
            return "jurisdictions: at most 32 entries";
        for (var i = 0; i < jurisdictions.Length; i++)
        {
            if (!IsRegion(jurisdictions[i]))
                return ReasonText.WithValue($"jurisdictions[{i}]: unknown country or jurisdiction code", jurisdictions[i]);
        }
        return null;
    }

    private string? CheckRegion(RawRecord record, RecordField field, string? code, string unknown)
    {
        if (Error(record, field) is { } error)
            return error;
        return code is null || IsRegion(code) ? null : ReasonText.WithValue(unknown, code);
    }
}
