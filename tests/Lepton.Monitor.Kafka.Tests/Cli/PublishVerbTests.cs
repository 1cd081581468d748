using System.Text;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Kafka.Tests.Cli;

/// <summary>`lepton publish` sends an NDJSON file to a topic, one message per line keyed by tenant.</summary>
public sealed class PublishVerbTests
{
    [Fact]
    public async Task An_NDJSON_file_is_published_one_message_per_line_keyed_by_tenant()
    {
        using var cluster = new MockKafkaCluster();
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "records.ndjson");
        TransactionGenerator.WriteFiles(file, file + ".truth", new GeneratorOptions { Tenant = "beta", Count = 50 });

        var code = await LeptonCommandLine.RunAsync(["publish", "--bootstrap", cluster.BootstrapServers, "--topic", "in", "--file", file, "--cloudevents", "binary"]);
        Assert.Equal(0, code);

        var messages = cluster.ReadAll("in", 50, TimeSpan.FromSeconds(20));
        Assert.Equal(50, messages.Count);
        Assert.All(messages, m => Assert.Equal("beta", Encoding.UTF8.GetString(m.Message.Key!)));
        Assert.All(messages, m => Assert.True(m.Message.Headers.TryGetLastBytes("ce_specversion", out _)));
        Assert.Equal(File.ReadAllLines(file).Order(), messages.Select(m => Encoding.UTF8.GetString(m.Message.Value!)).Order());
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_usage()
    {
        Assert.Equal(2, await LeptonCommandLine.RunAsync(["publish", "--file", "x.ndjson"]));
        Assert.Equal(2, await LeptonCommandLine.RunAsync(["publish", "--bootstrap", "k:9092", "--file", "/nonexistent.ndjson"]));
    }
}
