using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules.Tests.Support;

/// <summary>Records at chosen event times for windowed rules, and a runner that keeps one state across calls.</summary>
internal sealed class WindowRecords(RuleEngine engine, EntityWindows? state = null)
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private int _next;

    public EntityWindows State { get; } = state ?? new EntityWindows();

    public static MonitoredRecord At(
        TimeSpan offset, decimal amount, PaymentChannel channel = PaymentChannel.Cash, string customer = "cust-1", string currency = "USD", string? id = null) =>
        TestRecords.Make(amount, currency, channel, customer: customer, id: id ?? $"tx-{offset.TotalSeconds}") with
        {
            Timestamp = T0 + offset,
            AcceptedAt = T0 + offset + TimeSpan.FromSeconds(1), // accepted as it happens: watermarks follow event time
        };

    /// <summary>Evaluates one record and returns the candidates of <paramref name="ruleKind"/> it raised.</summary>
    public List<AlertCandidate> Run(MonitoredRecord record, string ruleKind)
    {
        var output = new List<AlertCandidate>();
        engine.Evaluate("acme", [record], [], output, State);
        return output.Where(c => c.RuleKind == ruleKind).ToList();
    }

    /// <summary>A record <paramref name="minutes"/> after T0 with a unique id.</summary>
    public List<AlertCandidate> Cash(double minutes, decimal amount, string ruleKind = RuleKinds.Structuring, string customer = "cust-1", string currency = "USD") =>
        Run(At(TimeSpan.FromMinutes(minutes), amount, PaymentChannel.Cash, customer, currency, $"tx-{++_next}"), ruleKind);
}
