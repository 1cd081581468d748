using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>Builds records with only the fields a rule test cares about.</summary>
internal static class TestRecords
{
    public static readonly DateTimeOffset Timestamp = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset AcceptedAt = new(2026, 11, 22, 14, 0, 1, TimeSpan.Zero);

    public static MonitoredRecord Make(
        decimal amount = 100m,
        string currency = "USD",
        PaymentChannel channel = PaymentChannel.Cash,
        string? from = "US",
        string? to = "US",
        string customer = "cust-1",
        string id = "tx-1") =>
        new(
            id, "acme", Timestamp, amount, currency, channel,
            new Party("acct-o", "name-o", from, customer),
            new Party("acct-b", "name-b", to, null),
            null, null, null, null, null, null)
        { AcceptedAt = AcceptedAt };

    public static MonitoredRecord Cash(decimal amount, string currency = "USD", string customer = "cust-1") =>
        Make(amount, currency, PaymentChannel.Cash, customer: customer);
}
