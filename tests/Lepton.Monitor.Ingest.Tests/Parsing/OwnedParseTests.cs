using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>
/// <see cref="RecordParser.ParseOwned"/> (ingest's parse: PII left as UTF-8 in the body, repeated maps shared) must
/// find exactly what <see cref="RecordParser.Parse(ReadOnlySpan{byte}, int, int)"/> finds, and pseudonymize to the
/// same tokens.
/// </summary>
public sealed class OwnedParseTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static TheoryData<string> Bodies() => new()
    {
        // Generated traffic with invalid records mixed in, as NDJSON.
        Encoding.UTF8.GetString(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = "acme", Count = 400, Seed = 5, InvalidRate = 0.2 })),
        // Escaped, non-ASCII and blank PII; a BOM; a blank line.
        "\uFEFF" + SampleRecord.Json(n => n["originator"]!["name"] = "Mar\u00eda \"M\" O'Brien") + "\n\n"
            + SampleRecord.Json(n => n["beneficiary"]!["name"] = "\u00a0\u2003 ", id: "tx-2") + "\n"
            + SampleRecord.Json(n => n["originator"]!["account"] = "", id: "tx-3") + "\n"
            + SampleRecord.Json(n => n["originator"]!["customerId"] = 7, id: "tx-4") + "\n"
            + SampleRecord.Json(n => n["originator"]!["name"] = "\U0001F600 emoji", id: "tx-5") + "\n",
        // Escapes that a raw byte comparison would get wrong.
        """{"id":"tx-9","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":1,"currency":"USD","originator":{"account":"A\u0042C","name":"x\ny","customerId":"c\/1"}}""",
        // Repeated and mistyped maps.
        SampleRecord.Json() + "\n" + SampleRecord.Json(id: "tx-2") + "\n" + SampleRecord.Json(id: "tx-3") + "\n"
            + SampleRecord.Json(n => n["attributes"]!["ageBand"] = 3, id: "tx-4") + "\n"
            + SampleRecord.Json(n => n["features"]!["accountAgeDays"] = "x", id: "tx-5") + "\n"
            + SampleRecord.Json(n => n["features"]!["accountAgeDays"] = "x", id: "tx-6") + "\n",
        // A JSON array body.
        "[" + SampleRecord.Json() + "," + SampleRecord.Json(id: "tx-2") + ",17," + SampleRecord.Json(id: "tx-3") + "]",
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Owned_parse_finds_the_same_records_and_rejections(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);

        var plain = RecordParser.Parse(body, 10_000, 1 << 20);
        var owned = RecordParser.ParseOwned(body, 10_000, 1 << 20);

        Assert.Equal(plain.Records.Select(Describe), owned.Records.Select(Describe));
        Assert.Equal(plain.Rejections, owned.Rejections);
        Assert.Equal(plain.Format, owned.Format);
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Owned_parse_pseudonymizes_to_the_same_tokens(string text)
    {
        var body = Encoding.UTF8.GetBytes(text);
        using var pseudonymizer = new Pseudonymizer(Key);
        var at = DateTimeOffset.UnixEpoch;

        var plain = RecordParser.Parse(body, 10_000, 1 << 20).Records.Where(Complete).Select(r => pseudonymizer.ToMonitored(r, at)).ToList();
        // A fresh pseudonymizer too: tokens hashed from the bytes, not found in a cache filled from strings.
        using var fresh = new Pseudonymizer(Key);
        var owned = RecordParser.ParseOwned(body, 10_000, 1 << 20).Records.Where(Complete).Select(r => fresh.ToMonitored(r, at)).ToList();

        Assert.NotEmpty(plain);
        Assert.Equal(plain.Select(Parties), owned.Select(Parties));
    }

    [Fact]
    public void Blank_and_empty_pii_becomes_no_token_from_bytes_as_from_strings()
    {
        var body = Encoding.UTF8.GetBytes(SampleRecord.Json(n =>
        {
            n["originator"]!["name"] = "\u00a0\u2003\t ";
            n["originator"]!["account"] = "";
            n["beneficiary"]!["name"] = " x ";
        }));
        using var pseudonymizer = new Pseudonymizer(Key);

        var record = pseudonymizer.ToMonitored(Assert.Single(RecordParser.ParseOwned(body, 10, 1 << 20).Records), DateTimeOffset.UnixEpoch);

        Assert.Null(record.Originator!.Name);
        Assert.Null(record.Originator.Account);
        Assert.Equal(pseudonymizer.Token(" x "), record.Beneficiary!.Name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Invalid_utf8_in_pii_rejects_the_same_way(bool array)
    {
        var json = Encoding.UTF8.GetBytes(SampleRecord.Json(n => n["originator"]!["name"] = "BAD"));
        var at = json.AsSpan().IndexOf("BAD"u8);
        json[at] = 0xC3; // a lead byte without its continuation
        var body = array ? [(byte)'[', .. json, (byte)']'] : json;

        if (array)
        {
            var plain = Assert.Throws<RecordBodyException>(() => RecordParser.Parse(body, 10, 1 << 20));
            var owned = Assert.Throws<RecordBodyException>(() => RecordParser.ParseOwned(body, 10, 1 << 20));
            Assert.Equal(plain.Message, owned.Message);
        }
        else
        {
            var plain = Assert.Single(RecordParser.Parse(body, 10, 1 << 20).Rejections);
            var owned = Assert.Single(RecordParser.ParseOwned(body, 10, 1 << 20).Rejections);
            Assert.StartsWith("json: invalid UTF-8", plain.Reason);
            Assert.Equal(plain, owned);
        }
    }

    [Fact]
    public void Malformed_maps_reject_the_same_way()
    {
        // Invalid UTF-8 before a syntax error inside the map: which one is reported must not change.
        var json = Encoding.UTF8.GetBytes("""{"id":"tx-1","attributes":{"a":"BAD","b":}}""");
        json[json.AsSpan().IndexOf("BAD"u8)] = 0xFF;
        var lines = new[] { json, "{\"id\":\"tx-2\",\"features\":{\"a\":1,,}}"u8.ToArray() };
        var body = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();

        var plain = RecordParser.Parse(body, 10, 1 << 20);
        var owned = RecordParser.ParseOwned(body, 10, 1 << 20);

        Assert.Equal(2, plain.Rejections.Count);
        Assert.Equal(plain.Rejections, owned.Rejections);
    }

    [Fact]
    public void Repeated_maps_are_shared_by_an_owned_parse_only()
    {
        var body = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(1, 4).Select(i => SampleRecord.Json(id: $"tx-{i}"))));

        var owned = RecordParser.ParseOwned(body, 10, 1 << 20).Records;
        var plain = RecordParser.Parse(body, 10, 1 << 20).Records;

        // Admitted on the second sighting, shared from the third.
        Assert.Same(owned[2].Attributes, owned[3].Attributes);
        Assert.Same(owned[2].Features, owned[3].Features);
        Assert.Equal("25-34", owned[3].Attributes!["ageBand"]);
        // An ordinary parse's maps are its records' own: a caller may change them.
        Assert.NotSame(plain[2].Attributes, plain[3].Attributes);
        Assert.All(plain, r => Assert.DoesNotContain(owned, o => ReferenceEquals(o.Attributes, r.Attributes) || ReferenceEquals(o.Features, r.Features)));
    }

    [Fact]
    public void A_repeat_party_is_one_shared_instance_and_a_different_one_is_not()
    {
        using var pseudonymizer = new Pseudonymizer(Key);
        var records = RecordParser.ParseOwned(Encoding.UTF8.GetBytes(
            SampleRecord.Json() + "\n" + SampleRecord.Json(id: "tx-2") + "\n"
            + SampleRecord.Json(n => n["originator"]!["country"] = "FR", id: "tx-3")), 10, 1 << 20).Records
            .Select(r => pseudonymizer.ToMonitored(r, DateTimeOffset.UnixEpoch)).ToList();

        Assert.Same(records[0].Originator, records[1].Originator);
        Assert.NotSame(records[0].Originator, records[2].Originator);
        Assert.Equal("FR", records[2].Originator!.Country);
        Assert.Equal(records[0].Originator! with { Country = "FR" }, records[2].Originator);
        Assert.Equal(new Party(pseudonymizer.Token(SampleRecord.RawOriginatorAccount), pseudonymizer.Token(SampleRecord.RawOriginatorName), "DE",
            pseudonymizer.Token(SampleRecord.RawCustomerId)), records[0].Originator);
    }

    [Fact]
    public void Raw_party_values_read_back_from_the_body_as_strings()
    {
        var party = Assert.Single(RecordParser.ParseOwned(Encoding.UTF8.GetBytes(SampleRecord.Json()), 10, 1 << 20).Records).Originator!;

        Assert.Equal(SampleRecord.RawOriginatorAccount, party.Account);
        Assert.Equal(SampleRecord.RawOriginatorName, party.Name);
        Assert.Equal(SampleRecord.RawCustomerId, party.CustomerId);
        party.Name = "changed";
        Assert.Equal("changed", party.Name);
    }

    [Fact]
    public void Owned_parse_of_a_slice_reads_pii_at_the_slice_offset()
    {
        var json = Encoding.UTF8.GetBytes(SampleRecord.Json());
        var padded = new byte[json.Length + 20];
        json.CopyTo(padded, 7);

        var record = Assert.Single(RecordParser.ParseOwned(padded.AsMemory(7, json.Length), 10, 1 << 20).Records);

        Assert.Equal(SampleRecord.RawOriginatorName, record.Originator!.Name);
        Assert.Equal(SampleRecord.RawBeneficiaryAccount, record.Beneficiary!.Account);
    }

    [Fact]
    public void Owned_parse_shares_repeated_lists_of_known_jurisdiction_codes_only()
    {
        var body = Encoding.UTF8.GetBytes(string.Join('\n',
            SampleRecord.Json(n => n["jurisdictions"] = new System.Text.Json.Nodes.JsonArray("US", "eu")),
            SampleRecord.Json(n => n["jurisdictions"] = new System.Text.Json.Nodes.JsonArray("us", "EU"), id: "tx-2"),
            SampleRecord.Json(n => n["jurisdictions"] = new System.Text.Json.Nodes.JsonArray("US", "Atlantis"), id: "tx-3"),
            SampleRecord.Json(n => n["jurisdictions"] = new System.Text.Json.Nodes.JsonArray("US", "Atlantis"), id: "tx-4"),
            SampleRecord.Json(n => n["jurisdictions"] = new System.Text.Json.Nodes.JsonArray("EU", "US"), id: "tx-5")));

        var owned = RecordParser.ParseOwned(body, 10, 1 << 20).Records;
        var plain = RecordParser.Parse(body, 10, 1 << 20).Records;

        Assert.Equal(["US", "EU"], owned[0].Jurisdictions!);
        Assert.Same(owned[0].Jurisdictions, owned[1].Jurisdictions);
        Assert.Equal(["US", "Atlantis"], owned[2].Jurisdictions!);
        Assert.NotSame(owned[2].Jurisdictions, owned[3].Jurisdictions); // an unknown code is sender text: never shared
        Assert.Equal(["EU", "US"], owned[4].Jurisdictions!);
        Assert.NotSame(plain[0].Jurisdictions, plain[1].Jurisdictions); // a plain parse's records are the caller's to change
    }

    private static bool Complete(RawRecord r) =>
        r.Id is not null && r.Tenant is not null && r.Timestamp is not null && r.Amount is not null && r.Currency is not null;

    private static string Parties(MonitoredRecord r) => $"{r.Id}|{r.Originator}|{r.Beneficiary}";

    internal static string Describe(RawRecord r) => string.Join('|',
        r.Index, r.Offset, r.Length, r.Id, r.Tenant, r.Timestamp, r.Amount, r.Currency, r.Channel,
        r.Originator?.Account, r.Originator?.Name, r.Originator?.Country, r.Originator?.CustomerId,
        r.Beneficiary?.Account, r.Beneficiary?.Name, r.Beneficiary?.Country, r.Beneficiary?.CustomerId,
        string.Join(',', r.Jurisdictions ?? []), r.DataSubjectRegion, r.ProcessingRegion, r.Memo,
        string.Join(',', r.Attributes ?? []), string.Join(',', r.Features ?? []),
        string.Join(',', Enum.GetValues<RecordField>().Select(f => r.GetFieldError(f))));
}
