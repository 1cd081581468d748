using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// The configured rate table (PRODUCT.md §4): units of each currency per one unit of <see cref="Base"/>, in decimal so
/// a threshold comparison is not at the mercy of binary rounding. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// An unknown currency makes <see cref="TryConvert"/> return false rather than throw; amount rules skip such records
/// (ingest dead-letters unknown currencies before they reach a rule engine).
/// </remarks>
public sealed class CurrencyRates : ICurrencyConverter
{
    /// <summary>Where the table sits relative to the application's base directory (copied there by the Rules project).</summary>
    public const string DefaultRelativePath = "Rates/rates.json";

    private readonly FrozenDictionary<string, decimal> _unitsPerBase;

    public CurrencyRates(string baseCurrency, DateOnly asOf, string source, IReadOnlyDictionary<string, decimal> unitsPerBase)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseCurrency);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(unitsPerBase);
        foreach (var (code, rate) in unitsPerBase)
        {
            if (rate <= 0)
                throw new ArgumentException($"rate for {code} must be > 0, got {rate}", nameof(unitsPerBase));
        }
        if (!unitsPerBase.TryGetValue(baseCurrency, out var baseRate) || baseRate != 1m)
            throw new ArgumentException($"the base currency {baseCurrency} must have rate 1", nameof(unitsPerBase));

        Base = baseCurrency;
        AsOf = asOf;
        Source = source;
        // Case-insensitive: ISO codes are upper-case, but a lower-case code must not turn into a silent miss.
        _unitsPerBase = unitsPerBase.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Loads the table shipped next to the application: <c>AppContext.BaseDirectory/Rates/rates.json</c>.</summary>
    public static CurrencyRates LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, DefaultRelativePath));

    /// <summary>Loads <c>{ "asOf": "2026-11-20", "base": "USD", "source": "…", "rates": { "USD": 1, "EUR": 0.92 } }</c>.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid rate table; the message names file, line and reason.</exception>
    public static CurrencyRates Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"rate table '{path}': cannot read the file: {e.Message}", e);
        }

        var utf8 = bytes.AsMemory();
        if (utf8.Span.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, PackReader.DocumentOptions);
        }
        catch (JsonException e)
        {
            var (line, reason) = JsonLineMap.DescribeParseError(e, utf8.Span, PackReader.ReaderOptions);
            throw new InvalidDataException($"rate table '{path}'{(line is null ? "" : $" line {line}")}: invalid JSON: {reason}", e);
        }

        using (document)
        {
            var lines = JsonLineMap.Build(utf8.Span, PackReader.ReaderOptions);
            InvalidDataException Fail(string jsonPath, string reason) =>
                new($"rate table '{path}' line {lines.LineOf(jsonPath)}: {reason}");

            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail("$", "a rate table must be a JSON object");
            string Text(string name) =>
                root.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString())
                    ? e.GetString()!
                    : throw Fail($"$.{name}", $"missing '{name}' (a string)");

            var asOfText = Text("asOf");
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
                throw Fail("$.asOf", $"asOf '{asOfText}' is not a date (yyyy-MM-dd)");
            var baseCurrency = Text("base");
            var source = Text("source");

            if (!root.TryGetProperty("rates", out var ratesElement) || ratesElement.ValueKind != JsonValueKind.Object)
                throw Fail("$.rates", "missing 'rates' (an object of currency → units per base unit)");
            var rates = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
            foreach (var rate in ratesElement.EnumerateObject())
            {
                var at = $"$.rates.{rate.Name}";
                if (!PackReader.IsCode(rate.Name, 3, 3))
                    throw Fail(at, $"'{rate.Name}' is not an ISO 4217 code");
                if (rate.Value.ValueKind != JsonValueKind.Number || !rate.Value.TryGetDecimal(out var value) || value <= 0)
                    throw Fail(at, $"rate for {rate.Name} must be a number > 0");
                rates[rate.Name] = value;
            }
            if (!rates.TryGetValue(baseCurrency, out var baseRate) || baseRate != 1m)
                throw Fail("$.rates", $"the base currency {baseCurrency} must be in 'rates' with rate 1");
            return new CurrencyRates(baseCurrency, asOf, source, rates);
        }
    }

    /// <summary>The currency rates are quoted against (its rate is 1).</summary>
    public string Base { get; }

    /// <summary>Date of the rates, shown wherever a converted amount is explained.</summary>
    public DateOnly AsOf { get; }

    public string Source { get; }

    public IReadOnlyCollection<string> Currencies => _unitsPerBase.Keys;

    public bool Contains(string currency) => currency is not null && _unitsPerBase.ContainsKey(currency);

    /// <summary>Units of <paramref name="currency"/> per one unit of <see cref="Base"/>.</summary>
    public bool TryGetRate(string currency, out decimal unitsPerBase) => _unitsPerBase.TryGetValue(currency, out unitsPerBase);

    /// <summary>
    /// Converts exactly in decimal (multiply before divide to keep precision), unrounded. False, never an exception,
    /// when either currency is unknown. An amount so large that the product overflows decimal is divided first, and a
    /// result beyond decimal's range saturates: a huge amount is still seen as huge, never skipped as unconvertible.
    /// </summary>
    public bool TryConvert(decimal amount, string fromCurrency, string toCurrency, out decimal converted)
    {
        converted = 0m;
        if (fromCurrency is null || toCurrency is null
            || !_unitsPerBase.TryGetValue(fromCurrency, out var from)
            || !_unitsPerBase.TryGetValue(toCurrency, out var to))
            return false;
        if (from == to)
        {
            converted = amount;
            return true;
        }
        try
        {
            converted = amount * to / from;
            return true;
        }
        catch (OverflowException)
        {
        }
        try
        {
            converted = amount / from * to;
        }
        catch (OverflowException)
        {
            converted = amount < 0 ? decimal.MinValue : decimal.MaxValue;
        }
        return true;
    }
}
