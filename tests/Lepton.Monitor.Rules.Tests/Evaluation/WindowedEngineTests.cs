using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

/// <summary>The engine with entity windows: allocation, fingerprints of the new kinds, currencies without a rate.</summary>
public sealed class WindowedEngineTests
{
    [Fact]
    public void Records_that_raise_nothing_allocate_nothing_once_their_entities_are_tracked()
    {
        var engine = new RuleEngine(ShippedPacks.Get("US"), CurrencyRates.LoadDefault());
        var state = new EntityWindows();
        var records = new MonitoredRecord[300];
        for (var i = 0; i < records.Length; i++)
        {
            var at = TimeSpan.FromMinutes(i);
            records[i] = (i % 3) switch
            {
                0 => WindowRecords.At(at, 500m + i, PaymentChannel.Cash, "c" + (i % 10), "EUR"),
                1 => WindowRecords.At(at, 90_000m, PaymentChannel.Wire, "c" + (i % 10)) with { Memo = "invoice 12345" },
                _ => WindowRecords.At(at, 9_000m, PaymentChannel.Card, "c" + (i % 10)),
            };
        }
        var output = new List<AlertCandidate>();
        engine.Evaluate("acme", records, [], output, state); // warm-up: JIT, entities and their buffers
        // Two days on, the first day's events fall out of the P1D window and the buffers are reused.
        var shifted = records.Select(r => r with { Timestamp = r.Timestamp.AddDays(2), AcceptedAt = r.AcceptedAt.AddDays(2) }).ToArray();
        engine.Evaluate("acme", shifted, [], output, state);

        var later = records.Select(r => r with { Timestamp = r.Timestamp.AddDays(4), AcceptedAt = r.AcceptedAt.AddDays(4) }).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        engine.Evaluate("acme", later, [], output, state);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(output);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Fingerprints_of_every_new_kind_are_deterministic_and_qualified_where_a_value_separates_findings()
    {
        static List<AlertCandidate> Raise()
        {
            var engine = ShippedPacks.Engine("US");
            var state = new EntityWindows();
            var output = new List<AlertCandidate>();
            var records = new List<MonitoredRecord>();
            for (var i = 0; i < 3; i++)
                records.Add(WindowRecords.At(TimeSpan.FromMinutes(i), 9_000m, id: $"s{i}"));
            for (var i = 0; i < 16; i++)
                records.Add(WindowRecords.At(TimeSpan.FromMinutes(10 + i / 10.0), 5m, PaymentChannel.Card, "c2", id: $"v{i}"));
            records.Add(TestRecords.Make(50m, channel: PaymentChannel.Wire, to: "MM", id: "h") with { Timestamp = WindowRecords.T0.AddHours(1) });
            records.Add(TestRecords.Make(5_000m, channel: PaymentChannel.Wire, to: "DE", id: "t") with
            {
                Timestamp = WindowRecords.T0.AddHours(1), Beneficiary = new Party(null, "n", "DE", null),
            });
            records.Add(TestRecords.Make(5m, channel: PaymentChannel.Card, id: "d") with
            {
                Timestamp = WindowRecords.T0.AddHours(1), DataSubjectRegion = "EU", ProcessingRegion = "IN",
            });
            records.Add(TestRecords.Make(5m, channel: PaymentChannel.Card, id: "p") with { Timestamp = WindowRecords.T0.AddHours(1), Memo = "a@b.io" });
            engine.Evaluate("acme", records.ToArray(), [], output, state);
            return output;
        }

        var first = Raise();
        var second = Raise();

        Assert.Equal(first.Select(c => c.Fingerprint), second.Select(c => c.Fingerprint));
        var byKind = first.ToLookup(c => c.RuleKind);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-cash-structuring", "cust-1"), Assert.Single(byKind[RuleKinds.Structuring]).Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-velocity-burst", "c2"), Assert.Single(byKind[RuleKinds.Velocity]).Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-high-risk-country", "cust-1", "MM"), Assert.Single(byKind[RuleKinds.HighRiskCountry]).Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-travel-rule", "cust-1"), Assert.Single(byKind[RuleKinds.TravelRule]).Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-data-transfer", "cust-1", "IN"), Assert.Single(byKind[RuleKinds.CrossBorderDataTransfer]).Fingerprint);
        Assert.Equal(AlertFingerprint.Compute("acme", "US", "us-pii-in-memo", "cust-1"), Assert.Single(byKind[RuleKinds.PiiInText]).Fingerprint);
        Assert.All(first, c => Assert.False(string.IsNullOrWhiteSpace(c.Explanation.Rule.LegalSource)));
    }

    [Fact]
    public void A_record_in_a_currency_without_a_rate_is_skipped_by_amount_rules_and_kept_out_of_the_windows()
    {
        var state = new EntityWindows();
        var output = new List<AlertCandidate>();

        ShippedPacks.Engine("US").Evaluate("acme", [WindowRecords.At(TimeSpan.Zero, 50_000m, currency: "KES")], [], output, state);

        Assert.Empty(output);
        Assert.Equal(0, state.EventCount);
    }
}
