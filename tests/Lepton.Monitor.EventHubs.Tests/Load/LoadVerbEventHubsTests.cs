using System.Text.Json.Nodes;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.EventHubs.Tests.Load;

/// <summary>`lepton load --target event-hubs` against the local AMQP broker: the hub receives what load reports as sent.</summary>
public sealed class LoadVerbEventHubsTests
{
    [Fact]
    public async Task An_event_hubs_load_puts_one_event_per_record_keyed_by_tenant_on_one_partition()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { ["transactions"] = 4 } });
        using var folder = new TempFolder();
        var json = Path.Combine(folder.Path, "report.json");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await new LoadVerb(output, error).RunAsync([
            "--target", "event-hubs", "--rate", "500", "--duration", "2s", "--connection-string", broker.ConnectionString,
            "--hub", "transactions", "--tenant", "beta", "--out", json, "--output", "json"]);

        // With --output json stdout is the report alone; what the run drives and its progress lines are on stderr.
        var report = JsonNode.Parse(output.ToString())!;
        Assert.Equal(1_000, report["sent"]!.GetValue<long>());
        Assert.Equal(0, report["failedRecords"]!.GetValue<long>());
        // What this test is about is the event hub target. The in-process broker on a shared 2-core machine sometimes
        // stalls a send for ~700 ms, which is 35 % of a 2 s run: exit 1 is accepted only for a shortfall of rate with
        // nothing failed (the rate verdict itself is tested on the HTTP target).
        Assert.True(code == 0 || (code == 1 && report["achievedRate"]!.GetValue<double>() < 500 * 0.95), $"exit {code}\n{output}\n{error}");
        Assert.Contains("load: event hub", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("load: started, 1,000 records", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("load: done, 1,000 records", error.ToString(), StringComparison.Ordinal);
        var sent = JsonNode.Parse(await File.ReadAllTextAsync(json))!["sent"]!.GetValue<long>();
        Assert.Equal(1_000, sent);
        Assert.Equal(sent, broker.Count("transactions"));
        var events = Enumerable.Range(0, 4).SelectMany(p => broker.Events("transactions", p.ToString()).Select(e => (Partition: p, Event: e))).ToList();
        Assert.All(events, e => Assert.Equal("beta", e.Event.PartitionKey));
        Assert.Single(events.Select(e => e.Partition).Distinct());
        Assert.All(events, e => Assert.Equal("beta", JsonNode.Parse(e.Event.Body.ToArray())!["tenant"]!.GetValue<string>()));
    }
}
