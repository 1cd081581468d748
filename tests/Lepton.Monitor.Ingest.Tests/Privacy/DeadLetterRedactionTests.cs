using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>A dead letter's payload holds no card number, IBAN, SSN or e-mail address, whichever field or key it was sent in.</summary>
public class DeadLetterRedactionTests
{
    private const string Card = "4111111111111111";
    private const string Iban = "DE89370400440532013000";
    private const string Ssn = "123-45-6789";
    private const string Email = "erika.mustermann@example.org";

    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static TheoryData<string, string> Plantings()
    {
        var data = new TheoryData<string, string>();
        foreach (var pii in new[] { Card, Iban, Ssn, Email })
        {
            foreach (var place in new[]
                     {
                         "id", "tenant", "timestamp", "amount", "currency", "channel", "dataSubjectRegion", "processingRegion",
                         "jurisdictions", "attributes-value", "attributes-key", "attributes-nested", "features-key", "features-value",
                         "memo-object", "unknown-key", "unknown-value", "party-country", "party-unknown-key", "attributes-scalar",
                     })
                data.Add(place, pii);
        }
        data.Add("amount-number", Card);
        data.Add("features-number", Card);
        return data;
    }

    [Theory]
    [MemberData(nameof(Plantings))]
    public void Pii_planted_in_any_field_or_key_is_absent_from_the_redacted_payload(string place, string pii)
    {
        var json = SampleRecord.Json(n => Plant(n, place, pii));
        Assert.Contains(pii, json);
        using var pseudonymizer = new Pseudonymizer(Key);

        var redacted = pseudonymizer.RedactJson(Encoding.UTF8.GetBytes(json));

        Assert.NotNull(redacted);
        Assert.DoesNotContain(pii, redacted);
        Assert.NotNull(JsonNode.Parse(redacted)); // still one well-formed object
    }

    [Fact]
    public void Known_codes_and_harmless_user_keys_stay_readable()
    {
        var json = SampleRecord.Json(n =>
        {
            n["currency"] = "usd";
            n["jurisdictions"] = new JsonArray("EU", "US");
            n["attributes"] = new JsonObject { ["ageBand"] = "25-34", ["ref"] = "pay " + Card };
        });
        using var pseudonymizer = new Pseudonymizer(Key);

        var node = JsonNode.Parse(pseudonymizer.RedactJson(Encoding.UTF8.GetBytes(json))!)!;

        Assert.Equal("usd", (string?)node["currency"]);
        Assert.Equal("cash", (string?)node["channel"]);
        Assert.Equal("EU", (string?)node["jurisdictions"]![0]);
        Assert.Equal("EU", (string?)node["dataSubjectRegion"]);
        Assert.Equal("25-34", (string?)node["attributes"]!["ageBand"]);
        Assert.Equal("pay [masked:card-number]", (string?)node["attributes"]!["ref"]);
        Assert.Equal(12, (int?)node["features"]!["accountAgeDays"]);
        Assert.Equal("2026-11-22T14:00:00Z", (string?)node["timestamp"]);
    }

    [Fact]
    public void Unknown_key_names_are_replaced_by_numbered_placeholders()
    {
        var json = SampleRecord.Json(n =>
        {
            n["Erika Mustermann"] = "x";
            n["memo"] = new JsonObject { ["John Q Public"] = "y" };
        });
        using var pseudonymizer = new Pseudonymizer(Key);

        var redacted = pseudonymizer.RedactJson(Encoding.UTF8.GetBytes(json))!;

        Assert.DoesNotContain("Erika Mustermann", redacted);
        Assert.DoesNotContain("John Q Public", redacted);
        var node = JsonNode.Parse(redacted)!.AsObject();
        Assert.Contains(node, p => p.Key.StartsWith("<key#", StringComparison.Ordinal));
        Assert.Equal(pseudonymizer.Token("x"), (string?)node.Single(p => p.Key.StartsWith("<key#", StringComparison.Ordinal)).Value);
    }

    private static void Plant(JsonObject n, string place, string pii)
    {
        switch (place)
        {
            case "id": n["id"] = pii; break;
            case "tenant": n["tenant"] = pii; break;
            case "timestamp": n["timestamp"] = pii; break;
            case "amount": n["amount"] = pii; break;
            case "amount-number": n["amount"] = JsonNode.Parse(pii); break;
            case "currency": n["currency"] = pii; break;
            case "channel": n["channel"] = "wire " + pii; break;
            case "dataSubjectRegion": n["dataSubjectRegion"] = pii; break;
            case "processingRegion": n["processingRegion"] = pii; break;
            case "jurisdictions": n["jurisdictions"] = new JsonArray("US", pii); break;
            case "attributes-value": n["attributes"] = new JsonObject { ["holder"] = "Erika " + pii }; break;
            case "attributes-key": n["attributes"] = new JsonObject { [pii] = "Erika" }; break;
            case "attributes-nested": n["attributes"] = new JsonObject { ["x"] = new JsonObject { [pii] = pii } }; break;
            case "attributes-scalar": n["attributes"] = pii; break;
            case "features-key": n["features"] = new JsonObject { [pii] = 1 }; break;
            case "features-value": n["features"] = new JsonObject { ["score"] = pii }; break;
            case "features-number": n["features"] = new JsonObject { ["score"] = JsonNode.Parse(pii) }; break;
            case "memo-object": n["memo"] = new JsonObject { ["name"] = "Erika", ["card"] = pii }; break;
            case "unknown-key": n[pii] = true; break;
            case "unknown-value": n["cardNumber"] = pii; break;
            case "party-country": n["originator"]!["country"] = pii; break;
            case "party-unknown-key": n["originator"]![pii] = null; break;
            default: throw new ArgumentOutOfRangeException(nameof(place), place, null);
        }
    }
}
