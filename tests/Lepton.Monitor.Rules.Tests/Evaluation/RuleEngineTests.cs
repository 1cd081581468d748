using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class RuleEngineTests
{
    [Fact]
    public void Batch_yields_candidates_in_record_then_rule_order()
    {
        var engine = ShippedPacks.Engine("US");
        MonitoredRecord[] records =
        [
            TestRecords.Make(50m, channel: PaymentChannel.Card, id: "clean"),
            TestRecords.Make(12_000m, to: "KP", id: "cash-to-kp"),
            TestRecords.Make(70m, channel: PaymentChannel.Wire, id: "risky"),
        ];
        ModelScore?[] scores = [new(0.1, "m1", null), null, new(0.95, "m1", null)];
        var output = new List<AlertCandidate>();

        engine.Evaluate("acme", records, scores, output);

        Assert.Equal(
            [("cash-to-kp", "us-cash-ctr"), ("cash-to-kp", "us-sanctioned-country"), ("cash-to-kp", "us-high-risk-country"), ("risky", "us-model-risk")],
            output.Select(c => (c.RecordId, c.RuleId)));
    }

    [Fact]
    public void Output_is_appended_to_not_replaced()
    {
        var output = new List<AlertCandidate>();
        var engine = ShippedPacks.Engine("US");

        engine.Evaluate("acme", [TestRecords.Cash(20_000m)], [], output);
        engine.Evaluate("acme", [TestRecords.Cash(30_000m)], [], output);

        Assert.Equal(2, output.Count);
    }

    [Fact]
    public void Scores_must_be_empty_or_one_per_record()
    {
        var engine = ShippedPacks.Engine("US");
        MonitoredRecord[] records = [TestRecords.Cash(1m), TestRecords.Cash(2m)];
        ModelScore?[] one = [null];

        Assert.Throws<ArgumentException>(() => engine.Evaluate("acme", records, one, []));
    }

    [Fact]
    public void Repeated_violations_by_one_entity_share_a_fingerprint_and_other_entities_do_not()
    {
        var output = new List<AlertCandidate>();

        ShippedPacks.Engine("US").Evaluate("acme",
            [TestRecords.Cash(11_000m, customer: "c1"), TestRecords.Cash(15_000m, customer: "c1"), TestRecords.Cash(11_000m, customer: "c2")],
            [], output);

        Assert.Equal(3, output.Count);
        Assert.Equal(output[0].Fingerprint, output[1].Fingerprint);
        Assert.NotEqual(output[0].Fingerprint, output[2].Fingerprint);
    }

    [Fact]
    public void Same_rule_and_entity_in_two_tenants_do_not_share_a_fingerprint()
    {
        var a = new List<AlertCandidate>();
        var b = new List<AlertCandidate>();
        var engine = ShippedPacks.Engine("US");

        engine.Evaluate("acme", [TestRecords.Cash(11_000m)], [], a);
        engine.Evaluate("globex", [TestRecords.Cash(11_000m)], [], b);

        Assert.Equal("globex", Assert.Single(b).Tenant);
        Assert.NotEqual(Assert.Single(a).Fingerprint, b[0].Fingerprint);
    }

    [Fact]
    public void Records_that_raise_nothing_allocate_nothing()
    {
        // The grain runs every record through every rule; the common clean case must not feed the GC.
        var engine = new RuleEngine(ShippedPacks.Get("US"), CurrencyRates.LoadDefault());
        var records = new MonitoredRecord[300];
        var scores = new ModelScore?[300];
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = (i % 3) switch
            {
                0 => TestRecords.Cash(500m + i, "EUR", customer: "c" + i), // conversion path
                1 => TestRecords.Make(90_000m, channel: PaymentChannel.Wire, from: "DE", to: "FR"),
                _ => TestRecords.Cash(9_000m, "USD"),
            };
            scores[i] = i % 2 == 0 ? new ModelScore(0.2, "m1", null) : null;
        }
        var output = new List<AlertCandidate>();
        engine.Evaluate("acme", records, scores, output); // warm-up: JIT, static caches

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
            engine.Evaluate("acme", records, scores, output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(output);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Engine_exposes_its_pack_and_enabled_rules()
    {
        var pack = ShippedPacks.Get("EU");

        var engine = new RuleEngine(pack, TestRates.Exact);

        Assert.Same(pack, engine.Pack);
        Assert.Equal(
            ["eu-cash-large", "eu-sanctioned-country", "eu-cash-structuring", "eu-velocity-burst", "eu-high-risk-country",
             "eu-travel-rule", "eu-data-transfer", "eu-pii-in-memo", "eu-model-risk"],
            engine.Rules.Select(r => r.Definition.Id));
        Assert.IsType<ThresholdRule>(engine.Rules[0]);
        Assert.IsType<SanctionedCountryRule>(engine.Rules[1]);
        Assert.IsType<StructuringRule>(engine.Rules[2]);
        Assert.IsType<VelocityRule>(engine.Rules[3]);
        Assert.IsType<HighRiskCountryRule>(engine.Rules[4]);
        Assert.IsType<TravelRule>(engine.Rules[5]);
        Assert.IsType<CrossBorderDataTransferRule>(engine.Rules[6]);
        Assert.IsType<PiiInTextRule>(engine.Rules[7]);
        Assert.IsType<ModelScoreRule>(engine.Rules[8]);
        Assert.True(engine.HasWindowedRules);
        Assert.Equal(TimeSpan.FromDays(1), engine.LongestWindow);
    }
}
