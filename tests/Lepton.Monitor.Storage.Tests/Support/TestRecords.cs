using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>Records with every field set to a value that would expose a lossy encoding.</summary>
public static class TestRecords
{
    public static MonitoredRecord Full(string id, string tenant = "acme") =>
        new(id, tenant,
            new DateTimeOffset(2026, 11, 22, 14, 0, 0, 123, TimeSpan.FromHours(5.5)).AddTicks(4567),
            9500.00m,
            "USD",
            PaymentChannel.Crypto,
            new Party("hm_acct_orig", "hm_name_orig", "US", "hm_cust_1"),
            new Party("hm_acct_bene", null, "DE", null),
            ["US", "EU"],
            "EU",
            "US",
            "loyer — mars ✓ 🚀",
            new Dictionary<string, string> { ["ageBand"] = "25-34", ["gender"] = "" },
            new Dictionary<string, double> { ["accountAgeDays"] = 12, ["ratio"] = -0.125, ["nan"] = double.NaN })
        {
            AcceptedAt = new DateTimeOffset(2026, 11, 22, 14, 0, 1, TimeSpan.Zero).AddTicks(1),
        };

    public static MonitoredRecord Minimal(string id, string tenant = "acme") =>
        new(id, tenant, DateTimeOffset.UnixEpoch, 1m, "EUR", PaymentChannel.Other, null, null, null, null, null, null, null, null);

    public static MonitoredRecord[] Many(int count, string prefix = "tx-", string tenant = "acme") =>
        [.. Enumerable.Range(0, count).Select(i => Minimal($"{prefix}{i}", tenant))];

    /// <summary>Field-by-field equality, including dictionary contents and offsets (record equality compares references).</summary>
    public static void AssertSame(MonitoredRecord expected, MonitoredRecord actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Tenant, actual.Tenant);
        Assert.Equal(expected.Timestamp, actual.Timestamp);
        Assert.Equal(expected.Timestamp.Offset, actual.Timestamp.Offset);
        Assert.Equal(expected.Amount, actual.Amount);
        Assert.Equal(expected.Amount.Scale, actual.Amount.Scale);
        Assert.Equal(expected.Currency, actual.Currency);
        Assert.Equal(expected.Channel, actual.Channel);
        Assert.Equal(expected.Originator, actual.Originator);
        Assert.Equal(expected.Beneficiary, actual.Beneficiary);
        Assert.Equal(expected.Jurisdictions, actual.Jurisdictions);
        Assert.Equal(expected.DataSubjectRegion, actual.DataSubjectRegion);
        Assert.Equal(expected.ProcessingRegion, actual.ProcessingRegion);
        Assert.Equal(expected.Memo, actual.Memo);
        Assert.Equal(expected.Attributes?.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Attributes?.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Features?.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Features?.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.AcceptedAt, actual.AcceptedAt);
        Assert.Equal(expected.AcceptedAt.Offset, actual.AcceptedAt.Offset);
    }
}
