using System.Collections.Frozen;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Checks a <see cref="RawRecord"/> against schema v1 (PRODUCT.md §3) and names the first problem as
/// <c>field: problem</c>, fields in schema order. Whether the tenant exists is the caller's check.
/// Thread-safe and allocation-free on valid records.
/// </summary>
/// <remarks>
/// A currency must be a known ISO 4217 code and, when a rate table is given, have a rate in it: rules compare amounts in
/// their pack's currency, so a record they cannot convert is dead-lettered here rather than silently skipped by them.
/// </remarks>
public sealed class RecordValidator
{
    public const int MaxIdLength = 256;
    public const int MaxJurisdictions = 32;

    private const string ChannelReason = "channel: must be one of cash|card|wire|ach|sepa|crypto|other";

    private static readonly Lazy<RecordValidator> LazyDefault = new(() => new RecordValidator(rates: DefaultRates()));

    private readonly FrozenSet<string> _extraJurisdictions;
    private readonly CurrencyRates? _rates;

    /// <param name="extraJurisdictionCodes">
    /// Jurisdiction codes beyond countries, EU, EEA and GLOBAL that region fields may carry (custom rule packs).
    /// </param>
    /// <param name="rates">The rate table rules convert with; a currency without a rate in it is rejected. Null: no rate check.</param>
    public RecordValidator(IEnumerable<string>? extraJurisdictionCodes = null, CurrencyRates? rates = null)
    {
        _extraJurisdictions = (extraJurisdictionCodes ?? []).ToFrozenSet(StringComparer.Ordinal);
        _rates = rates;
    }

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

    /// <summary>Null when the record is valid, else the first reason in field order.</summary>
    public string? Validate(RawRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return CheckId(record)
            ?? CheckTenant(record)
            ?? Error(record, RecordField.Timestamp) ?? (record.Timestamp is null ? "timestamp: required" : null)
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

    private static string? CheckAmount(RawRecord record)
    {
        if (Error(record, RecordField.Amount) is { } error)
            return error;
        return record.Amount switch
        {
            null => "amount: required",
            <= 0m => "amount: must be > 0",
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
