using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Currency;

public sealed class CurrencyRatesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Shipped_table_is_copied_to_Rates_and_covers_the_required_currencies()
    {
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "Rates", "rates.json")));
        var rates = CurrencyRates.LoadDefault();

        Assert.Equal("USD", rates.Base);
        Assert.Equal(new DateOnly(2026, 11, 20), rates.AsOf);
        foreach (var code in "USD EUR GBP SGD CHF JPY CAD AUD CNY HKD INR BRL MXN ZAR SEK NOK DKK PLN AED".Split(' '))
            Assert.True(rates.Contains(code), $"{code} missing");
        Assert.True(rates.TryGetRate("USD", out var usd));
        Assert.Equal(1m, usd);
    }

    [Theory]
    [InlineData(8000, "EUR", "USD", 10000)]
    [InlineData(10000, "USD", "EUR", 8000)]
    [InlineData(8000, "EUR", "GBP", 5000)]
    [InlineData(5000, "GBP", "SGD", 12500)]
    [InlineData(123.45, "USD", "USD", 123.45)]
    public void Converts_exactly_in_decimal(decimal amount, string from, string to, decimal expected)
    {
        Assert.True(TestRates.Exact.TryConvert(amount, from, to, out var converted));
        Assert.Equal(expected, converted);
    }

    [Fact]
    public void Codes_are_matched_case_insensitively()
    {
        Assert.True(TestRates.Exact.TryConvert(80m, "eur", "usd", out var converted));
        Assert.Equal(100m, converted);
    }

    [Theory]
    [InlineData("XYZ", "USD")]
    [InlineData("USD", "XYZ")]
    [InlineData("XYZ", "XYZ")]
    public void Unknown_currency_fails_without_throwing(string from, string to)
    {
        Assert.False(TestRates.Exact.TryConvert(100m, from, to, out var converted));
        Assert.Equal(0m, converted);
    }

    [Fact]
    public void Overflowing_conversion_saturates_without_throwing()
    {
        var rates = new CurrencyRates("USD", new DateOnly(2026, 1, 1), "test",
            new Dictionary<string, decimal> { ["USD"] = 1m, ["JPY"] = 150m, ["IDR"] = 16_000m });

        // A huge amount stays huge (never "no rate", which would let amount rules skip it).
        Assert.True(rates.TryConvert(decimal.MaxValue / 2, "USD", "JPY", out var saturated));
        Assert.Equal(decimal.MaxValue, saturated);
        // Multiplying first overflows; dividing first does not.
        Assert.True(rates.TryConvert(decimal.MaxValue / 2, "IDR", "JPY", out var divided));
        Assert.Equal(decimal.MaxValue / 2 / 16_000m * 150m, divided);
    }

    [Fact]
    public void Table_file_loads_with_exact_decimal_rates()
    {
        var file = _folder.Write("rates.json",
            """{ "asOf": "2026-01-02", "base": "USD", "source": "unit test", "rates": { "USD": 1, "EUR": 0.9123456789 } }""");

        var rates = CurrencyRates.Load(file);

        Assert.True(rates.TryGetRate("EUR", out var eur));
        Assert.Equal(0.9123456789m, eur);
        Assert.Equal("unit test", rates.Source);
        Assert.Equal(2, rates.Currencies.Count);
    }

    [Theory]
    [InlineData("{ \"asOf\": \"2026-01-02\", \"base\": \"USD\", \"source\": \"t\",\n  \"rates\": { \"EUR\": 0.9 } }", 2, "base currency USD must be in 'rates' with rate 1")]
    [InlineData("{ \"asOf\": \"2026-01-02\", \"base\": \"USD\", \"source\": \"t\", \"rates\": {\n \"USD\": 1,\n \"EUR\": -0.9 } }", 3, "rate for EUR must be a number > 0")]
    [InlineData("{ \"asOf\": \"2026-01-02\",\n \"base\": \"USD\", \"rates\": { \"USD\": 1 } }", 1, "missing 'source'")]
    [InlineData("{ \"asOf\": \"yesterday\", \"base\": \"USD\", \"source\": \"t\", \"rates\": { \"USD\": 1 } }", 1, "is not a date")]
    [InlineData("{ \"asOf\": \"2026-01-02\",\n \"base\": \"USD\" \"source\": \"t\" }", 2, "invalid JSON")]
    [InlineData("{ \"asOf\": \"2026-01-02\", \"base\": \"USD\", \"source\": \"t\",\n \"rates\": { \"USD\": 1,\n \"EUR\": 0.9, \"EUR\": 9 } }", 3, "duplicate property 'EUR'")]
    public void Malformed_table_is_refused_with_file_line_and_reason(string json, int line, string reason)
    {
        var file = _folder.Write("rates.json", json);

        var e = Assert.Throws<InvalidDataException>(() => CurrencyRates.Load(file));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}:", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
