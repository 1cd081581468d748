using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>
/// Rules compare amounts through the rate table, so a record in a currency without a rate is rejected (and so
/// dead-lettered by ingest, which validates with <see cref="RecordValidator.Default"/>) rather than skipped by every rule.
/// </summary>
public class CurrencyRateValidationTests
{
    private static string WithCurrency(string currency) => SampleRecord.Json(n => n["currency"] = currency);

    [Fact]
    public void Default_validator_rejects_an_iso_currency_the_shipped_rate_table_lacks()
    {
        Assert.False(CurrencyRates.LoadDefault().Contains("KES"));

        var reason = RecordValidator.Default.Validate(SampleRecord.ParseOne(WithCurrency("KES")));

        Assert.Equal("currency: no rate in the rate table for 'KES'", reason);
    }

    [Fact]
    public void Default_validator_accepts_every_currency_of_the_shipped_rate_table()
    {
        foreach (var currency in CurrencyRates.LoadDefault().Currencies)
            Assert.Null(RecordValidator.Default.Validate(SampleRecord.ParseOne(WithCurrency(currency))));
    }

    [Fact]
    public void Unknown_iso_code_is_reported_before_a_missing_rate()
    {
        Assert.Equal("currency: unknown ISO 4217 code 'XXX'", RecordValidator.Default.Validate(SampleRecord.ParseOne(WithCurrency("XXX"))));
    }

    [Fact]
    public void A_validator_checks_against_the_rate_table_it_is_given_or_none()
    {
        var rates = new CurrencyRates("USD", new DateOnly(2026, 11, 20), "test", new Dictionary<string, decimal> { ["USD"] = 1m, ["KES"] = 129m });

        Assert.Null(new RecordValidator(rates: rates).Validate(SampleRecord.ParseOne(WithCurrency("KES"))));
        Assert.Equal("currency: no rate in the rate table for 'EUR'", new RecordValidator(rates: rates).Validate(SampleRecord.ParseOne(WithCurrency("EUR"))));
        Assert.Null(new RecordValidator().Validate(SampleRecord.ParseOne(WithCurrency("KES"))));
    }
}
