using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest.Tests.Sources;

public sealed class DemoScenarioTests
{
    private static readonly byte[] Line = Encoding.UTF8.GetBytes(
        """{"id":"tx-1","tenant":"demo","timestamp":"2026-11-22T14:00:00Z","amount":120.50,"currency":"EUR","channel":"card"}""");

    [Fact]
    public void Off_leaves_records_untouched()
    {
        var scenario = new DemoScenario(new DemoOptions { Drift = false });
        Assert.Equal(Line, scenario.Apply(Line, 3, drifting: true));
    }

    [Fact]
    public void Every_record_gets_an_age_band_and_drifting_multiplies_amounts()
    {
        var scenario = new DemoScenario(new DemoOptions { Drift = true, AmountShift = 4, BiasedViolationRate = 0 });
        var before = JsonNode.Parse(scenario.Apply(Line, 1, drifting: false))!;
        var after = JsonNode.Parse(scenario.Apply(Line, 1, drifting: true))!;

        Assert.Equal(DemoScenario.AgeBands[1], before["attributes"]!["ageBand"]!.GetValue<string>());
        Assert.Equal(120.50m, before["amount"]!.GetValue<decimal>());
        Assert.Equal(482.00m, after["amount"]!.GetValue<decimal>());
        Assert.Equal("tx-1", after["id"]!.GetValue<string>());
    }

    [Fact]
    public void Only_the_biased_group_gets_large_cash_at_about_its_rate()
    {
        var scenario = new DemoScenario(new DemoOptions { Drift = true, BiasedGroup = "18-24", BiasedViolationRate = 0.15 });
        var bigCash = new Dictionary<string, int>();
        var perBand = new Dictionary<string, int>();
        for (var i = 0; i < 10_000; i++)
        {
            var r = JsonNode.Parse(scenario.Apply(Line, i, drifting: false))!;
            var band = r["attributes"]!["ageBand"]!.GetValue<string>();
            perBand[band] = perBand.GetValueOrDefault(band) + 1;
            if (r["channel"]!.GetValue<string>() == "cash" && r["amount"]!.GetValue<decimal>() == 25_000m)
                bigCash[band] = bigCash.GetValueOrDefault(band) + 1;
        }
        Assert.Equal(["18-24"], bigCash.Keys);
        Assert.InRange(bigCash["18-24"] / (double)perBand["18-24"], 0.12, 0.18);
        Assert.All(perBand.Values, n => Assert.Equal(2_000, n));
    }
}
