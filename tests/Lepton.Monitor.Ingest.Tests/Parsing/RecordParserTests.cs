using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests;

public class RecordParserTests
{
    private static ParseResult Parse(string body, int maxRecords = 100, int maxRecordBytes = 1 << 20) =>
        RecordParser.Parse(Encoding.UTF8.GetBytes(body), maxRecords, maxRecordBytes);

    [Fact]
    public void Reads_every_schema_field()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json());

        Assert.Equal(0, record.Index);
        Assert.Equal("tx-1", record.Id);
        Assert.Equal("acme", record.Tenant);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero), record.Timestamp);
        Assert.Equal(9500.00m, record.Amount);
        Assert.False(record.AmountIsNotNumber);
        Assert.Equal("USD", record.Currency);
        Assert.Equal("cash", record.Channel);
        Assert.Equal(SampleRecord.RawOriginatorAccount, record.Originator!.Account);
        Assert.Equal(SampleRecord.RawOriginatorName, record.Originator.Name);
        Assert.Equal("DE", record.Originator.Country);
        Assert.Equal(SampleRecord.RawCustomerId, record.Originator.CustomerId);
        Assert.Equal(SampleRecord.RawBeneficiaryAccount, record.Beneficiary!.Account);
        Assert.Null(record.Beneficiary.CustomerId);
        Assert.Equal(["US"], record.Jurisdictions!);
        Assert.Equal("EU", record.DataSubjectRegion);
        Assert.Equal("US", record.ProcessingRegion);
        Assert.Equal(SampleRecord.RawMemo, record.Memo);
        Assert.Equal("25-34", record.Attributes!["ageBand"]);
        Assert.Equal(12.0, record.Features!["accountAgeDays"]);
        Assert.False(record.HasFieldErrors);
    }

    [Fact]
    public void Ndjson_skips_blank_lines_and_handles_crlf()
    {
        var body = "\r\n" + SampleRecord.Json(id: "a") + "\r\n\r\n   \n" + SampleRecord.Json(id: "b") + "\r\n\n";

        var result = Parse(body);

        Assert.Equal(RecordBodyFormat.Ndjson, result.Format);
        Assert.Empty(result.Rejections);
        Assert.Equal(["a", "b"], result.Records.Select(r => r.Id));
        Assert.Equal([0, 1], result.Records.Select(r => r.Index));
    }

    [Fact]
    public void Ndjson_malformed_line_rejects_only_that_line_and_parsing_continues()
    {
        const string broken = "{\"id\":\"tx-2\",\"amount\":}";
        var body = string.Join('\n', SampleRecord.Json(id: "tx-1"), broken, SampleRecord.Json(id: "tx-3"));

        var result = Parse(body);

        Assert.Equal(["tx-1", "tx-3"], result.Records.Select(r => r.Id));
        Assert.Equal([0, 2], result.Records.Select(r => r.Index));
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(1, rejection.Index);
        Assert.Equal("tx-2", rejection.Id); // read before the syntax error
        Assert.Equal($"json: invalid at byte {broken.IndexOf('}')}", rejection.Reason);
        Assert.Null(rejection.RedactedPayload);
        Assert.Equal(3, result.Total);
    }

    [Theory]
    [InlineData("{\"id\":\"x\"} {\"id\":\"y\"}")] // two values on one line
    [InlineData("{\"id\":\"x\"")]                 // truncated
    [InlineData("{'id':'x'}")]                    // not JSON quotes
    [InlineData("{\"id\":\"x\",}")]               // trailing comma
    [InlineData("{\"id\":NaN}")]                  // bare NaN is not JSON
    public void Ndjson_syntax_errors_are_json_rejections(string line)
    {
        var result = Parse(line + "\n" + SampleRecord.Json(id: "ok"));

        var rejection = Assert.Single(result.Rejections);
        Assert.StartsWith("json: invalid at byte ", rejection.Reason);
        Assert.Equal("ok", Assert.Single(result.Records).Id);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public void Ndjson_line_that_is_not_an_object_is_rejected(string line)
    {
        // Second line: a body whose first byte is '[' is framed as a JSON array.
        var result = Parse(SampleRecord.Json() + "\n" + line);

        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(1, rejection.Index);
        Assert.Equal("record: must be a JSON object", rejection.Reason);
        Assert.Single(result.Records);
    }

    [Fact]
    public void A_body_starting_with_a_bracket_is_an_array_even_when_lines_follow()
    {
        var e = Assert.Throws<RecordBodyException>(() => Parse("[1,2]\n" + SampleRecord.Json()));

        Assert.False(e.TooManyRecords);
    }

    [Fact]
    public void Ndjson_invalid_utf8_rejects_the_line_only()
    {
        var bad = Encoding.UTF8.GetBytes("{\"id\":\"tx-9\",\"memo\":\"ab\"}");
        bad[bad.Length - 4] = 0xFF; // inside the memo string
        var body = bad.Concat("\n"u8.ToArray()).Concat(Encoding.UTF8.GetBytes(SampleRecord.Json())).ToArray();

        var result = RecordParser.Parse(body, 10, 1 << 20);

        var rejection = Assert.Single(result.Rejections);
        Assert.StartsWith("json: invalid", rejection.Reason);
        Assert.Single(result.Records);
    }

    [Fact]
    public void Array_and_ndjson_give_the_same_records()
    {
        var lines = new[]
        {
            SampleRecord.Json(id: "a"),
            SampleRecord.Json(n => n["amount"] = "12", id: "b"),
            SampleRecord.Json(n => n.Remove("originator"), id: "c"),
        };

        var ndjson = Parse(string.Join('\n', lines));
        var array = Parse("[\n  " + string.Join(",\n  ", lines) + "\n]");

        Assert.Equal(RecordBodyFormat.JsonArray, array.Format);
        Assert.Equal(3, ndjson.Records.Count);
        Assert.Equal(ndjson.Records.Select(Describe), array.Records.Select(Describe));
    }

    [Fact]
    public void Offsets_locate_each_record_in_the_body()
    {
        var lines = new[] { SampleRecord.Json(id: "a"), SampleRecord.Json(id: "b") };
        foreach (var body in new[] { string.Join("\r\n", lines), "[ " + string.Join(" , ", lines) + " ]" })
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            var result = RecordParser.Parse(bytes, 10, 1 << 20);
            for (var i = 0; i < lines.Length; i++)
            {
                var record = result.Records[i];
                Assert.Equal(lines[i], Encoding.UTF8.GetString(bytes, record.Offset, record.Length));
            }
        }
    }

    [Theory]
    [InlineData("[" )]
    [InlineData("[{\"id\":\"a\"}")]
    [InlineData("[{\"id\":\"a\"} {\"id\":\"b\"}]")]
    [InlineData("[{\"id\":\"a\"},]")]
    [InlineData("[{\"id\":\"a\"}] trailing")]
    [InlineData("[{\"id\":\"a\", \"amount\": 1,,}]")]
    public void Malformed_array_fails_the_whole_body(string body)
    {
        var e = Assert.Throws<RecordBodyException>(() => Parse(body));

        Assert.False(e.TooManyRecords);
        Assert.StartsWith("json: invalid array body", e.Message);
    }

    [Fact]
    public void Array_element_that_is_not_an_object_is_rejected_alone()
    {
        var result = Parse("[" + SampleRecord.Json(id: "a") + ", 5, [1,{\"x\":2}], " + SampleRecord.Json(id: "d") + "]");

        Assert.Equal(["a", "d"], result.Records.Select(r => r.Id));
        Assert.Equal([0, 3], result.Records.Select(r => r.Index));
        Assert.Equal([1, 2], result.Rejections.Select(r => r.Index));
        Assert.All(result.Rejections, r => Assert.Equal("record: must be a JSON object", r.Reason));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void More_records_than_allowed_is_too_many(bool asArray)
    {
        var lines = Enumerable.Range(0, 4).Select(i => SampleRecord.Json(id: $"tx-{i}")).ToArray();
        var body = asArray ? "[" + string.Join(',', lines) + "]" : string.Join('\n', lines);

        Assert.Equal(4, Parse(body, maxRecords: 4).Records.Count);
        var e = Assert.Throws<RecordBodyException>(() => Parse(body, maxRecords: 3));
        Assert.True(e.TooManyRecords);
    }

    [Fact]
    public void Blank_lines_do_not_count_towards_the_record_limit()
    {
        var body = SampleRecord.Json(id: "a") + "\n\n\n\n" + SampleRecord.Json(id: "b") + "\n\n";

        Assert.Equal(2, Parse(body, maxRecords: 2).Records.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Oversized_record_is_rejected_with_its_id(bool asArray)
    {
        var small = SampleRecord.Json(id: "small");
        var big = SampleRecord.Json(n => n["memo"] = new string('x', 2000), id: "big");
        var limit = small.Length + 10;
        var body = asArray ? $"[{small},{big},{small}]" : $"{small}\n{big}\n{small}";

        var result = Parse(body, maxRecordBytes: limit);

        Assert.Equal(2, result.Records.Count);
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(1, rejection.Index);
        Assert.Equal("big", rejection.Id);
        Assert.Equal($"record: exceeds {limit} bytes", rejection.Reason);
        Assert.Equal(big.Length, rejection.Length);
    }

    [Fact]
    public void Oversized_malformed_line_is_rejected_as_oversized_without_id()
    {
        var result = Parse("{\"memo\":\"" + new string('x', 500), maxRecordBytes: 100);

        var rejection = Assert.Single(result.Rejections);
        Assert.Equal("record: exceeds 100 bytes", rejection.Reason);
        Assert.Null(rejection.Id);
    }

    [Fact]
    public void Mistyped_values_become_field_errors_not_values()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json(n =>
        {
            n["amount"] = "9500";
            n["originator"] = "Erika";
            n["jurisdictions"] = new JsonArray("US", 5);
            n["attributes"] = new JsonObject { ["ageBand"] = 30 };
            n["features"] = new JsonObject { ["accountAgeDays"] = "12" };
        }));

        Assert.Null(record.Amount);
        Assert.True(record.AmountIsNotNumber);
        Assert.Equal("amount: must be a number", record.GetFieldError(RecordField.Amount));
        Assert.Null(record.Originator);
        Assert.Equal("originator: must be an object", record.GetFieldError(RecordField.Originator));
        Assert.Equal("jurisdictions[1]: must be a string", record.GetFieldError(RecordField.Jurisdictions));
        Assert.Equal("attributes[0]: must be a string", record.GetFieldError(RecordField.Attributes));
        Assert.Equal("features[0]: must be a finite number", record.GetFieldError(RecordField.Features));
        Assert.Null(record.GetFieldError(RecordField.Currency));
    }

    [Theory]
    [InlineData("\"NaN\"", "amount: must be a finite number")]
    [InlineData("\"-Infinity\"", "amount: must be a finite number")]
    [InlineData("1e400", "amount: must be a finite number")]
    [InlineData("1e40", "amount: out of range")]
    [InlineData("\"12.50\"", "amount: must be a number")]
    [InlineData("true", "amount: must be a number")]
    [InlineData("{\"value\":1}", "amount: must be a number")]
    public void Unusable_amounts_are_named(string amountJson, string reason)
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json().Replace("\"amount\":9500.00", "\"amount\":" + amountJson));

        Assert.Null(record.Amount);
        Assert.Equal(reason, record.GetFieldError(RecordField.Amount));
    }

    [Fact]
    public void Null_values_count_as_absent()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json(n =>
        {
            n["id"] = null;
            n["memo"] = null;
            n["originator"] = null;
        }));

        Assert.Null(record.Id);
        Assert.Null(record.Memo);
        Assert.Null(record.Originator);
        Assert.False(record.HasFieldErrors);
    }

    [Fact]
    public void Unknown_properties_are_ignored_at_any_depth()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json(n =>
        {
            n["extra"] = new JsonObject { ["deep"] = new JsonArray(1, new JsonObject { ["id"] = "not-me" }) };
            n["originator"]!["nickname"] = "E";
        }));

        Assert.Equal("tx-1", record.Id);
        Assert.Equal("DE", record.Originator!.Country);
        Assert.False(record.HasFieldErrors);
    }

    [Fact]
    public void Property_names_match_case_insensitively_and_escaped()
    {
        const string json = "{\"\\u0069d\":\"tx-e\",\"Tenant\":\"acme\",\"AMOUNT\":5,\"originator\":{\"Country\":\"fr\"}}";

        var record = SampleRecord.ParseOne(json);

        Assert.Equal("tx-e", record.Id);
        Assert.Equal("acme", record.Tenant);
        Assert.Equal(5m, record.Amount);
        Assert.Equal("FR", record.Originator!.Country);
    }

    [Fact]
    public void Codes_are_canonicalised_case_insensitively()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json(n =>
        {
            n["currency"] = "eur";
            n["channel"] = "WIRE";
            n["dataSubjectRegion"] = "eea";
            n["jurisdictions"] = new JsonArray("gb", "Global");
        }));

        Assert.Equal("EUR", record.Currency);
        Assert.Equal("wire", record.Channel);
        Assert.Equal("EEA", record.DataSubjectRegion);
        Assert.Equal(["GB", "GLOBAL"], record.Jurisdictions!);
    }

    [Fact]
    public void Escaped_strings_are_decoded()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json().Replace(SampleRecord.RawOriginatorName, "M\\u00fcller \\\"Jr\\\""));

        Assert.Equal("Müller \"Jr\"", record.Originator!.Name);
    }

    [Fact]
    public void Timestamp_with_offset_is_normalised_to_utc()
    {
        var record = SampleRecord.ParseOne(SampleRecord.Json(n => n["timestamp"] = "2026-11-22T16:30:00.5+02:30"));

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 14, 0, 0, 500, TimeSpan.Zero), record.Timestamp);
        Assert.Equal(TimeSpan.Zero, record.Timestamp!.Value.Offset);
    }

    [Fact]
    public void Leading_bom_and_whitespace_are_tolerated_for_both_formats()
    {
        var bom = "\uFEFF";
        Assert.Single(Parse(bom + "  " + SampleRecord.Json()).Records);
        var array = Parse(bom + " \n [" + SampleRecord.Json() + "]");
        Assert.Equal(RecordBodyFormat.JsonArray, array.Format);
        Assert.Single(array.Records);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \r\n")]
    [InlineData("[]")]
    [InlineData(" [ ] ")]
    public void Empty_bodies_have_no_records(string body)
    {
        var result = Parse(body);

        Assert.Equal(0, result.Total);
    }

    [Fact]
    public void Absurdly_long_ids_are_echoed_cut_to_64_characters_in_rejections()
    {
        var longId = new string('a', 60_000);
        var result = Parse("{\"id\":\"" + longId + "\",\"amount\":}");

        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(new string('a', RecordIdText.MaxEchoedLength) + "…", rejection.Id);
    }

    private static string Describe(RawRecord r) => string.Join('|',
        r.Index, r.Id, r.Tenant, r.Timestamp, r.Amount, r.Currency, r.Channel,
        r.Originator?.Account, r.Originator?.Name, r.Originator?.Country, r.Originator?.CustomerId,
        r.Beneficiary?.Account, r.Beneficiary?.Country, string.Join(',', r.Jurisdictions ?? []),
        r.DataSubjectRegion, r.ProcessingRegion, r.Memo,
        string.Join(',', r.Attributes ?? []), string.Join(',', r.Features ?? []),
        r.GetFieldError(RecordField.Amount));
}
