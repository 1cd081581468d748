namespace Lepton.Monitor.Ingest.Tests;

public class RecordValidatorTests
{
    private static string? Validate(string json) => RecordValidator.Default.Validate(SampleRecord.ParseOne(json));

    /// <summary>Replaces the sample's <paramref name="from"/> text with <paramref name="to"/> (raw JSON), then validates.</summary>
    private static string? ValidateReplacing(string from, string to)
    {
        var json = SampleRecord.Json();
        Assert.Contains(from, json);
        return Validate(json.Replace(from, to));
    }

    [Fact]
    public void The_sample_record_is_valid()
    {
        Assert.Null(Validate(SampleRecord.Json()));
    }

    [Fact]
    public void Optional_fields_may_be_absent()
    {
        const string minimal = "{\"id\":\"m\",\"tenant\":\"acme\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"amount\":1,\"currency\":\"EUR\"}";

        Assert.Null(Validate(minimal));
    }

    [Theory]
    [InlineData("id", "id: required")]
    [InlineData("tenant", "tenant: required")]
    [InlineData("timestamp", "timestamp: required")]
    [InlineData("amount", "amount: required")]
    [InlineData("currency", "currency: required")]
    public void Missing_required_field_is_named(string field, string reason)
    {
        Assert.Equal(reason, Validate(SampleRecord.Json(n => n.Remove(field))));
    }

    [Theory]
    [InlineData("\"id\":\"tx-1\"", "\"id\":5", "id: must be a string")]
    [InlineData("\"id\":\"tx-1\"", "\"id\":\"\"", "id: must not be empty")]
    [InlineData("\"tenant\":\"acme\"", "\"tenant\":\"Acme\"", "tenant: must match [a-z0-9-]{1,64}")]
    [InlineData("\"tenant\":\"acme\"", "\"tenant\":\"ac me\"", "tenant: must match [a-z0-9-]{1,64}")]
    [InlineData("\"tenant\":\"acme\"", "\"tenant\":[\"acme\"]", "tenant: must be a string")]
    [InlineData("\"timestamp\":\"2026-11-22T14:00:00Z\"", "\"timestamp\":\"2026-11-22\"", "timestamp: must be RFC 3339")]
    [InlineData("\"timestamp\":\"2026-11-22T14:00:00Z\"", "\"timestamp\":\"2026-11-22T14:00:00\"", "timestamp: must be RFC 3339")]
    [InlineData("\"timestamp\":\"2026-11-22T14:00:00Z\"", "\"timestamp\":1764000000", "timestamp: must be a string")]
    [InlineData("\"amount\":9500.00", "\"amount\":0", "amount: must be > 0")]
    [InlineData("\"amount\":9500.00", "\"amount\":-0.01", "amount: must be > 0")]
    [InlineData("\"amount\":9500.00", "\"amount\":-0", "amount: must be > 0")]
    [InlineData("\"amount\":9500.00", "\"amount\":\"9500\"", "amount: must be a number")]
    [InlineData("\"amount\":9500.00", "\"amount\":\"NaN\"", "amount: must be a finite number")]
    [InlineData("\"amount\":9500.00", "\"amount\":1e999", "amount: must be a finite number")]
    [InlineData("\"currency\":\"USD\"", "\"currency\":\"XXX\"", "currency: unknown ISO 4217 code 'XXX'")]
    [InlineData("\"currency\":\"USD\"", "\"currency\":\"HRK\"", "currency: unknown ISO 4217 code 'HRK'")]
    [InlineData("\"currency\":\"USD\"", "\"currency\":840", "currency: must be a string")]
    [InlineData("\"channel\":\"cash\"", "\"channel\":\"bank\"", "channel: must be one of cash|card|wire|ach|sepa|crypto|other")]
    [InlineData("\"country\":\"DE\"", "\"country\":\"ZZ\"", "originator.country: unknown ISO 3166-1 alpha-2 code 'ZZ'")]
    [InlineData("\"country\":\"DE\"", "\"country\":\"EU\"", "originator.country: unknown ISO 3166-1 alpha-2 code 'EU'")]
    [InlineData("\"country\":\"US\"}", "\"country\":\"USA\"}", "beneficiary.country: unknown ISO 3166-1 alpha-2 code 'USA'")]
    [InlineData("\"customerId\":\"cust-778899\"", "\"customerId\":778899", "originator.customerId: must be a string")]
    [InlineData("\"jurisdictions\":[\"US\"]", "\"jurisdictions\":[\"US\",\"XX\"]", "jurisdictions[1]: unknown country or jurisdiction code 'XX'")]
    [InlineData("\"jurisdictions\":[\"US\"]", "\"jurisdictions\":[\"US\",null]", "jurisdictions[1]: must be a string")]
    [InlineData("\"jurisdictions\":[\"US\"]", "\"jurisdictions\":\"US\"", "jurisdictions: must be an array of strings")]
    [InlineData("\"dataSubjectRegion\":\"EU\"", "\"dataSubjectRegion\":\"MARS\"", "dataSubjectRegion: unknown country or jurisdiction code 'MARS'")]
    [InlineData("\"processingRegion\":\"US\"", "\"processingRegion\":\"APAC\"", "processingRegion: unknown country or jurisdiction code 'APAC'")]
    [InlineData("\"memo\":\"rent for flat 4b\"", "\"memo\":{\"text\":\"x\"}", "memo: must be a string")]
    [InlineData("\"ageBand\":\"25-34\"", "\"ageBand\":30", "attributes[0]: must be a string")]
    [InlineData("\"attributes\":{\"ageBand\":\"25-34\"}", "\"attributes\":[\"25-34\"]", "attributes: must be an object of strings")]
    [InlineData("\"accountAgeDays\":12", "\"accountAgeDays\":\"12\"", "features[0]: must be a finite number")]
    [InlineData("\"accountAgeDays\":12", "\"accountAgeDays\":1e999", "features[0]: must be a finite number")]
    public void Bad_field_is_named_with_its_problem(string from, string to, string reason)
    {
        Assert.Equal(reason, ValidateReplacing(from, to));
    }

    [Theory]
    [InlineData("\"jurisdictions\":[\"EU\",\"GLOBAL\",\"EEA\",\"SG\"]")]
    [InlineData("\"jurisdictions\":[]")]
    public void Jurisdiction_codes_and_countries_are_accepted(string jurisdictions)
    {
        Assert.Null(ValidateReplacing("\"jurisdictions\":[\"US\"]", jurisdictions));
    }

    [Fact]
    public void The_first_problem_in_schema_order_wins_regardless_of_document_order()
    {
        // Currency comes first in the document, but id precedes it in the schema.
        const string json = "{\"currency\":\"XXX\",\"tenant\":\"acme\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"amount\":\"x\"}";

        Assert.Equal("id: required", Validate(json));
        Assert.Equal("amount: must be a number", Validate(json.Replace("{", "{\"id\":\"a\",")));
    }

    [Fact]
    public void Reasons_never_quote_values_that_could_be_pii()
    {
        Assert.Equal("currency: unknown ISO 4217 code",
            ValidateReplacing("\"currency\":\"USD\"", "\"currency\":\"Erika Mustermann\""));
        Assert.Equal("originator.country: unknown ISO 3166-1 alpha-2 code",
            ValidateReplacing("\"country\":\"DE\"", "\"country\":\"erika@example.com\""));
    }

    [Fact]
    public void Ids_longer_than_the_limit_are_rejected()
    {
        var id = new string('x', RecordValidator.MaxIdLength + 1);

        Assert.Equal("id: must be at most 256 characters", Validate(SampleRecord.Json(id: id)));
        Assert.Null(Validate(SampleRecord.Json(id: id[1..])));
    }

    [Fact]
    public void Too_many_explicit_jurisdictions_are_rejected()
    {
        var many = "[" + string.Join(',', Enumerable.Repeat("\"US\"", RecordValidator.MaxJurisdictions + 1)) + "]";

        Assert.Equal("jurisdictions: at most 32 entries", ValidateReplacing("[\"US\"]", many));
    }

    [Fact]
    public void Configured_extra_jurisdiction_codes_are_accepted()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json().Replace("[\"US\"]", "[\"FATF-X\"]"));

        Assert.NotNull(RecordValidator.Default.Validate(record));
        Assert.Null(new RecordValidator(["FATF-X"]).Validate(record));
    }

    [Theory]
    [InlineData("acme", true)]
    [InlineData("a-1", true)]
    [InlineData("", false)]
    [InlineData("ACME", false)]
    [InlineData("acme_corp", false)]
    public void Tenant_ids_follow_the_pattern(string tenant, bool valid)
    {
        Assert.Equal(valid, RecordValidator.IsTenantId(tenant));
        Assert.True(RecordValidator.IsTenantId(new string('a', 64)));
        Assert.False(RecordValidator.IsTenantId(new string('a', 65)));
    }
}
