using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest.Tests;

public class PseudonymizerTests
{
    private static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] KeyB = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
    private static readonly DateTimeOffset AcceptedAt = new(2026, 11, 22, 14, 0, 1, TimeSpan.Zero);

    private static readonly string[] RawValues =
    [
        SampleRecord.RawOriginatorAccount, SampleRecord.RawOriginatorName, SampleRecord.RawCustomerId,
        SampleRecord.RawBeneficiaryAccount, SampleRecord.RawBeneficiaryName,
    ];

    [Fact]
    public void Token_is_the_keyed_hmac_in_base64url()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);

        var token = pseudonymizer.Token("DE89370400440532013000");

        var mac = HMACSHA256.HashData(KeyA, Encoding.UTF8.GetBytes("DE89370400440532013000"));
        var expected = "p_" + Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(expected, token);
        Assert.Equal(24, token.Length);
        Assert.Matches("^p_[A-Za-z0-9_-]{22}$", token);
    }

    [Fact]
    public void Tokens_are_deterministic_per_key_and_differ_across_keys()
    {
        using var a1 = new Pseudonymizer(KeyA);
        using var a2 = new Pseudonymizer(KeyA);
        using var b = new Pseudonymizer(KeyB);

        Assert.Equal(a1.Token("alice"), a2.Token("alice"));
        Assert.Equal(a1.Token("alice"), a1.Token("alice"));
        Assert.NotEqual(a1.Token("alice"), b.Token("alice"));
        Assert.NotEqual(a1.Token("alice"), a1.Token("Alice"));
    }

    [Fact]
    public void Cached_and_uncached_tokens_agree()
    {
        using var cached = new Pseudonymizer(KeyA, cacheCapacity: 4);
        using var uncached = new Pseudonymizer(KeyA, cacheCapacity: 0);

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 50; i++)
                Assert.Equal(uncached.Token($"acct-{i}"), cached.Token($"acct-{i}"));
        }
    }

    [Fact]
    public void Long_and_non_ascii_values_are_tokenized_consistently()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA, cacheCapacity: 0);
        var longValue = string.Concat(Enumerable.Repeat("Müller-", 200));

        var mac = HMACSHA256.HashData(KeyA, Encoding.UTF8.GetBytes(longValue));
        Assert.Equal(Convert.ToBase64String(mac, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            pseudonymizer.Token(longValue)[2..]);
    }

    [Fact]
    public void Concurrent_use_gives_the_same_tokens_as_a_fresh_instance()
    {
        var values = Enumerable.Range(0, 5_000).Select(i => $"account-{i % 700}-{i % 13}").ToArray();
        using var shared = new Pseudonymizer(KeyA, cacheCapacity: 256); // small: forces evictions under contention
        var results = new string[values.Length];

        Parallel.For(0, values.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = shared.Token(values[i]));

        using var fresh = new Pseudonymizer(KeyA);
        for (var i = 0; i < values.Length; i++)
            Assert.Equal(fresh.Token(values[i]), results[i]);
    }

    [Fact]
    public void ToMonitored_replaces_pii_with_tokens_and_keeps_the_rest()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA, "acme");
        var raw = SampleRecord.ParseOne(SampleRecord.Json());

        var record = pseudonymizer.ToMonitored(raw, AcceptedAt);

        Assert.Equal("tx-1", record.Id);
        Assert.Equal("acme", record.Tenant);
        Assert.Equal(9500.00m, record.Amount);
        Assert.Equal(PaymentChannel.Cash, record.Channel);
        Assert.Equal(AcceptedAt, record.AcceptedAt);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawOriginatorAccount), record.Originator!.Account);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawOriginatorName), record.Originator.Name);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawCustomerId), record.Originator.CustomerId);
        Assert.Equal("DE", record.Originator.Country);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawBeneficiaryAccount), record.Beneficiary!.Account);
        Assert.Null(record.Beneficiary.CustomerId);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawCustomerId), record.Entity);
        Assert.Equal(["US"], record.Jurisdictions!);
        Assert.Equal("25-34", record.Attributes!["ageBand"]);
        Assert.Equal(12.0, record.Features!["accountAgeDays"]);
    }

    [Fact]
    public void ToMonitored_output_serialized_contains_no_raw_pii()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var record = pseudonymizer.ToMonitored(SampleRecord.ParseOne(SampleRecord.Json()), AcceptedAt);

        var json = JsonSerializer.Serialize(record);

        Assert.All(RawValues, raw => Assert.DoesNotContain(raw, json));
        Assert.Contains(pseudonymizer.Token(SampleRecord.RawOriginatorName), json);
    }

    [Fact]
    public void ToMonitored_copies_arrays_and_maps()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var raw = SampleRecord.ParseOne(SampleRecord.Json());

        var record = pseudonymizer.ToMonitored(raw, AcceptedAt);
        raw.Jurisdictions![0] = "SG";
        raw.Attributes!["ageBand"] = "65+";
        raw.Features!["accountAgeDays"] = 1;

        Assert.Equal(["US"], record.Jurisdictions!);
        Assert.Equal("25-34", record.Attributes!["ageBand"]);
        Assert.Equal(12.0, record.Features!["accountAgeDays"]);
    }

    [Fact]
    public void ToMonitored_maps_every_channel_and_defaults_to_other()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var raw = SampleRecord.ParseOne(SampleRecord.Json());
        var expected = new Dictionary<string, PaymentChannel>
        {
            ["cash"] = PaymentChannel.Cash, ["card"] = PaymentChannel.Card, ["wire"] = PaymentChannel.Wire,
            ["ach"] = PaymentChannel.Ach, ["sepa"] = PaymentChannel.Sepa, ["crypto"] = PaymentChannel.Crypto,
            ["other"] = PaymentChannel.Other,
        };
        foreach (var (name, channel) in expected)
        {
            raw.Channel = name;
            Assert.Equal(channel, pseudonymizer.ToMonitored(raw, AcceptedAt).Channel);
        }
        raw.Channel = null;
        Assert.Equal(PaymentChannel.Other, pseudonymizer.ToMonitored(raw, AcceptedAt).Channel);
    }

    [Fact]
    public void Blank_identifiers_become_null_not_a_shared_token()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var raw = SampleRecord.ParseOne(SampleRecord.Json(n =>
        {
            n["originator"]!["customerId"] = "";
            n["originator"]!["account"] = "  ";
        }));

        var record = pseudonymizer.ToMonitored(raw, AcceptedAt);

        Assert.Null(record.Originator!.CustomerId);
        Assert.Null(record.Originator.Account);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawBeneficiaryAccount), record.Entity);
    }

    [Fact]
    public void ToMonitored_refuses_unvalidated_or_foreign_records()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA, "acme");

        Assert.Throws<ArgumentException>(() => pseudonymizer.ToMonitored(SampleRecord.ParseOne(SampleRecord.Json(n => n.Remove("amount"))), AcceptedAt));
        Assert.Throws<ArgumentException>(() => pseudonymizer.ToMonitored(SampleRecord.ParseOne(SampleRecord.Json(n => n["tenant"] = "other")), AcceptedAt));
    }

    [Fact]
    public void RedactJson_replaces_identifiers_and_free_text_but_keeps_the_diagnosis()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var json = SampleRecord.Json(n =>
        {
            n["amount"] = "not-a-number";
            n["ssn"] = "123-45-6789";
            n["originator"]!["account"] = 4111111111111111;
            n["beneficiary"]!["aliases"] = new JsonArray("Johnny P", new JsonObject { ["nick"] = "JQ" });
        });

        var redacted = pseudonymizer.RedactJson(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(redacted);
        foreach (var raw in new[] { SampleRecord.RawOriginatorName, SampleRecord.RawCustomerId, SampleRecord.RawBeneficiaryAccount,
                     SampleRecord.RawBeneficiaryName, SampleRecord.RawMemo, "123-45-6789", "4111111111111111", "Johnny P", "JQ" })
            Assert.DoesNotContain(raw, redacted);

        var node = JsonNode.Parse(redacted)!;
        Assert.Equal("tx-1", (string?)node["id"]);
        Assert.Equal("not-a-number", (string?)node["amount"]);
        Assert.Equal("USD", (string?)node["currency"]);
        Assert.Equal("DE", (string?)node["originator"]!["country"]);
        Assert.Equal("25-34", (string?)node["attributes"]!["ageBand"]);
        Assert.Equal(12, (int?)node["features"]!["accountAgeDays"]);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawOriginatorName), (string?)node["originator"]!["name"]);
        Assert.Equal(pseudonymizer.Token("4111111111111111"), (string?)node["originator"]!["account"]);
        Assert.Equal(pseudonymizer.Token(SampleRecord.RawMemo), (string?)node["memo"]);
    }

    [Fact]
    public void RedactJson_handles_odd_casing_and_escapes()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        const string json = "{\"ID\":\"tx-9\",\"Originator\":{\"Name\":\"M\\u00fcller\",\"COUNTRY\":\"DE\"},\"beneficiary\":\"Jane Roe\"}";

        var redacted = pseudonymizer.RedactJson(Encoding.UTF8.GetBytes(json))!;

        var node = JsonNode.Parse(redacted)!;
        Assert.Equal("tx-9", (string?)node["ID"]);
        Assert.Equal(pseudonymizer.Token("Müller"), (string?)node["Originator"]!["Name"]);
        Assert.Equal("DE", (string?)node["Originator"]!["COUNTRY"]);
        Assert.Equal(pseudonymizer.Token("Jane Roe"), (string?)node["beneficiary"]);
        Assert.DoesNotContain("ller", redacted);
    }

    [Theory]
    [InlineData("{\"id\":\"tx-2\",\"originator\":{\"name\":\"Erika\"")]
    [InlineData("{\"id\":\"tx-2\"} {\"name\":\"Erika\"}")]
    [InlineData("")]
    [InlineData("not json")]
    public void RedactJson_returns_null_for_malformed_input(string json)
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);

        Assert.Null(pseudonymizer.RedactJson(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Redact_fills_a_rejection_from_its_place_in_the_body()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var body = Encoding.UTF8.GetBytes(SampleRecord.Json(id: "ok") + "\n" + SampleRecord.Json(n => n["amount"] = -5, id: "bad"));
        var parsed = RecordParser.Parse(body, 10, 1 << 20);
        var invalid = parsed.Records.Single(r => RecordValidator.Default.Validate(r) is not null);

        var rejection = pseudonymizer.Redact(Rejection.For(invalid, RecordValidator.Default.Validate(invalid)!), body);

        Assert.Equal(1, rejection.Index);
        Assert.Equal("bad", rejection.Id);
        Assert.Equal("amount: must be > 0", rejection.Reason);
        Assert.NotNull(rejection.RedactedPayload);
        Assert.Equal("bad", (string?)JsonNode.Parse(rejection.RedactedPayload!)!["id"]);
        Assert.All(RawValues, raw => Assert.DoesNotContain(raw, rejection.RedactedPayload!));
    }

    [Fact]
    public void Redact_leaves_a_malformed_line_without_payload()
    {
        using var pseudonymizer = new Pseudonymizer(KeyA);
        var body = Encoding.UTF8.GetBytes("{\"id\":\"x\",\"name\":\"Erika\",}");
        var rejection = Assert.Single(RecordParser.Parse(body, 10, 1 << 20).Rejections);

        Assert.Null(pseudonymizer.Redact(rejection, body).RedactedPayload);
    }

    [Fact]
    public void Short_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Pseudonymizer(new byte[15]));
    }

    [Fact]
    public void A_disposed_pseudonymizer_cannot_compute_tokens()
    {
        var pseudonymizer = new Pseudonymizer(KeyA, cacheCapacity: 0);
        pseudonymizer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pseudonymizer.Token("alice"));
    }
}
