using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests;

/// <summary>A complete, valid schema-v1 record that each test bends in one place.</summary>
internal static class SampleRecord
{
    public const string RawOriginatorAccount = "DE89370400440532013000";
    public const string RawOriginatorName = "Erika Mustermann";
    public const string RawCustomerId = "cust-778899";
    public const string RawBeneficiaryAccount = "US-ACCT-55512345";
    public const string RawBeneficiaryName = "John Q Public";
    public const string RawMemo = "rent for flat 4b";

    public static JsonObject Node(string id = "tx-1") => new()
    {
        ["id"] = id,
        ["tenant"] = "acme",
        ["timestamp"] = "2026-11-22T14:00:00Z",
        ["amount"] = 9500.00m,
        ["currency"] = "USD",
        ["channel"] = "cash",
        ["originator"] = new JsonObject
        {
            ["account"] = RawOriginatorAccount,
            ["name"] = RawOriginatorName,
            ["country"] = "DE",
            ["customerId"] = RawCustomerId,
        },
        ["beneficiary"] = new JsonObject
        {
            ["account"] = RawBeneficiaryAccount,
            ["name"] = RawBeneficiaryName,
            ["country"] = "US",
        },
        ["jurisdictions"] = new JsonArray("US"),
        ["dataSubjectRegion"] = "EU",
        ["processingRegion"] = "US",
        ["memo"] = RawMemo,
        ["attributes"] = new JsonObject { ["ageBand"] = "25-34" },
        ["features"] = new JsonObject { ["accountAgeDays"] = 12 },
    };

    /// <summary>The sample as one JSON line, optionally changed first.</summary>
    public static string Json(Action<JsonObject>? change = null, string id = "tx-1")
    {
        var node = Node(id);
        change?.Invoke(node);
        return node.ToJsonString();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Parses one NDJSON line that must come out as a record (not a parse rejection).</summary>
    public static RawRecord ParseOne(string json)
    {
        var result = RecordParser.Parse(Utf8(json), 10, 1 << 20);
        Assert.Empty(result.Rejections);
        return Assert.Single(result.Records);
    }
}
