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
    public async Task Progress_lines_go_to_stderr_when_it_is_not_a_terminal_and_quiet_silences_them()
    {
        using var cluster = new MockKafkaCluster();
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "records.ndjson");
        TransactionGenerator.WriteFiles(file, file + ".truth", new GeneratorOptions { Tenant = "beta", Count = 20 });
        string[] args = ["--bootstrap", cluster.BootstrapServers, "--topic", "progress", "--file", file];

        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.Equal(0, await new PublishVerb(output, error).RunAsync(args));
            // Counted as the broker acknowledges: all 20 by the end.
            Assert.Contains("publish: started, 20 messages", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("publish: done, 20 messages", error.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("published 20 of 20 messages to 'progress'", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("publish:", output.ToString(), StringComparison.Ordinal);
        }
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.Equal(0, await new PublishVerb(output, error).RunAsync([.. args, "--quiet"]));
            Assert.Equal("", error.ToString());
            Assert.StartsWith("published 20 of 20 messages to 'progress'", output.ToString(), StringComparison.Ordinal);
        }
        Assert.Equal(40, cluster.ReadAll("progress", 40, TimeSpan.FromSeconds(20)).Count);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_with_usage()
    {
        Assert.Equal(2, await LeptonCommandLine.RunAsync(["publish", "--file", "x.ndjson"]));
        Assert.Equal(2, await LeptonCommandLine.RunAsync(["publish", "--bootstrap", "k:9092", "--file", "/nonexistent.ndjson"]));
    }
}
