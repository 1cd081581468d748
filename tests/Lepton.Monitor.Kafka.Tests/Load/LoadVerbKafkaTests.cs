using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Kafka.Tests.Load;

/// <summary>`lepton load --target kafka` against librdkafka's mock cluster: the topic receives what load reports as sent.</summary>
public sealed class LoadVerbKafkaTests
{
    [Fact]
    public async Task A_kafka_load_puts_one_message_per_record_keyed_by_tenant_on_the_topic()
    {
        using var cluster = new MockKafkaCluster();
        using var folder = new TempFolder();
        var json = Path.Combine(folder.Path, "report.json");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await new LoadVerb(output, error).RunAsync([
            "--target", "kafka", "--rate", "1000", "--duration", "2s", "--bootstrap", cluster.BootstrapServers,
            "--topic", "load-in", "--tenant", "beta", "--out", json, "--quiet"]);

        // --quiet: no progress on stderr and no commentary; the report alone on stdout.
        Assert.Equal("", error.ToString());
        Assert.StartsWith("load: 2,000 of 2,000 records acknowledged", output.ToString(), StringComparison.Ordinal);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        Assert.Equal(0, report["failedRecords"]!.GetValue<long>());
        // What this test is about is the Kafka target. The mock cluster, with the other test classes running beside it
        // on 2 cores, sometimes holds acknowledgements for ~700 ms of a 2 s run: exit 1 is accepted only for a
        // shortfall of rate with nothing failed (the rate verdict itself is tested on the HTTP target).
        Assert.True(code == 0 || (code == 1 && report["achievedRate"]!.GetValue<double>() < 1_000 * 0.95), $"exit {code}\n{output}\n{error}");
        var sent = report["sent"]!.GetValue<long>();
        Assert.Equal(2_000, sent);
        var messages = cluster.ReadAll("load-in", (int)sent + 1, TimeSpan.FromSeconds(8));
        Assert.Equal(sent, messages.Count);
        Assert.All(messages, m => Assert.Equal("beta", Encoding.UTF8.GetString(m.Message.Key!)));
        Assert.All(messages, m => Assert.Contains("\"tenant\":\"beta\"", Encoding.UTF8.GetString(m.Message.Value!), StringComparison.Ordinal));
        Assert.Equal(messages.Count, messages.Select(m => JsonNode.Parse(m.Message.Value!)!["id"]!.GetValue<string>()).Distinct().Count());
    }
}
