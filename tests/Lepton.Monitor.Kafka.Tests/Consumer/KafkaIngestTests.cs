using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Kafka.Tests.Support;
using Lepton.Monitor.Silo.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Kafka.Tests.Consumer;

/// <summary>
/// The transactions topic end to end over the real Kafka wire protocol (librdkafka's mock cluster): records across
/// partitions raise exactly the planted alerts, a restart mid-stream loses and double-counts nothing, and poison
/// messages are dead-lettered while the partition keeps flowing.
/// </summary>
public sealed class KafkaIngestTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(40);

    private static List<GeneratedRecord> Generate(int count, long seed) =>
        TransactionGenerator.Generate(new GeneratorOptions { Tenant = KafkaHost.Tenant, Count = count, Seed = seed, ViolationRate = 0.05 }).ToList();

    private static Message<byte[]?, byte[]?> Bare(GeneratedRecord g) => new() { Key = Encoding.UTF8.GetBytes(KafkaHost.Tenant), Value = g.Utf8Line };

    /// <summary>Record ids per rule kind of the tenant's alerts, after checking no alert counts a record twice.</summary>
    private static async Task<ILookup<string, string>> AlertedIdsAsync(LeptonTestHost host)
    {
        var alerts = await host.Admin.GetAllAsync($"/v1/alerts?tenant={KafkaHost.Tenant}");
        foreach (var alert in alerts)
        {
            // A record-level alert lists the records it counted; an aggregate one (structuring, velocity) also lists
            // the earlier records of the window that formed its pattern (PRODUCT.md §5 recordIds), so at least as many.
            var listed = alert.RecordIds().Distinct().Count();
            if (alert.Text("ruleKind") is PlantedKinds.Structuring or PlantedKinds.Velocity)
                Assert.True(listed >= alert["count"]!.GetValue<int>(), $"{alert.Text("id")} lists {listed} records for count {alert["count"]}");
            else
                Assert.Equal(listed, alert["count"]!.GetValue<int>());
        }
        // Once per (record, kind, jurisdiction): never a second alert for the same record.
        var hits = alerts.SelectMany(a => a.RecordIds().Select(id => (id, kind: a.Text("ruleKind"), jurisdiction: a.Text("jurisdiction")))).ToList();
        Assert.Equal(hits.Count, hits.Distinct().Count());
        return hits.ToLookup(h => h.kind, h => h.id);
    }

    private static void AssertExactlyPlanted(List<GeneratedRecord> generated, ILookup<string, string> alerted)
    {
        foreach (var kind in new[] { PlantedKinds.Threshold, PlantedKinds.SanctionedCountry })
        {
            var planted = generated.Where(g => g.PlantedKinds.Contains(kind)).Select(g => g.Id!).ToHashSet();
            Assert.NotEmpty(planted);
            Assert.Equal(planted.OrderBy(x => x), alerted[kind].Distinct().OrderBy(x => x));
        }
    }

    [Fact]
    public async Task Records_across_partitions_raise_exactly_the_planted_alerts()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        var generated = Generate(2_000, seed: 3);
        await cluster.ProduceAsync(KafkaHost.Topic, generated.Select(Bare));
        Assert.Equal(4, cluster.PartitionCount(KafkaHost.Topic));
        await KafkaHost.CreateTenantAsync(data.Path);

        await using var host = await KafkaHost.StartAsync(data.Path, cluster, "g-exact", "--Lepton:Kafka:BatchSize", "250");
        await cluster.WaitForCommittedAsync(KafkaHost.Topic, "g-exact", generated.Count, Bounded);
        await host.WaitForIdleAsync();

        AssertExactlyPlanted(generated, await AlertedIdsAsync(host));
        Assert.Empty(await host.Admin.GetAllAsync("/v1/dead-letters"));
    }

    [Fact]
    public async Task A_restart_mid_stream_loses_nothing_and_alerts_nothing_twice()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        var generated = Generate(3_000, seed: 5);
        await cluster.ProduceAsync(KafkaHost.Topic, generated.Select(Bare));
        await KafkaHost.CreateTenantAsync(data.Path);
        string[] slow = ["--Lepton:Kafka:BatchSize", "50", "--Lepton:Kafka:MaxInFlightBatchesPerPartition", "1"];

        long consumedBefore;
        await using (var first = await KafkaHost.StartAsync(data.Path, cluster, "g-restart", slow))
        {
            var consumer = first.App.Services.GetRequiredService<KafkaIngestConsumer>();
            var deadline = DateTime.UtcNow + Bounded;
            while (consumer.Consumed < 500 && DateTime.UtcNow < deadline)
                await Task.Delay(10);
            consumedBefore = consumer.Consumed;
            Assert.True(consumedBefore >= 500, $"only {consumedBefore} consumed");
        } // graceful stop mid-stream: in-flight batches drain and are committed, the rest is not

        var committedAtStop = cluster.CommittedTotal(KafkaHost.Topic, "g-restart");
        Assert.True(committedAtStop < generated.Count, $"the first host finished the stream ({committedAtStop}); nothing was left for the restart");

        await using var second = await KafkaHost.StartAsync(data.Path, cluster, "g-restart", slow);
        await cluster.WaitForCommittedAsync(KafkaHost.Topic, "g-restart", generated.Count, Bounded);
        await second.WaitForIdleAsync();
        AssertExactlyPlanted(generated, await AlertedIdsAsync(second));
    }

    [Fact]
    public async Task Poison_messages_are_dead_lettered_and_the_partition_keeps_flowing()
    {
        using var cluster = new MockKafkaCluster();
        using var data = new TempFolder();
        string Cash(string id) => """{"id":"ID","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"A-ID","name":"N","country":"US","customerId":"C-ID"}}""".Replace("ID", id);
        Message<byte[]?, byte[]?> Raw(string text) => new() { Key = "acme"u8.ToArray(), Value = Encoding.UTF8.GetBytes(text) };
        var messages = new List<Message<byte[]?, byte[]?>>
        {
            Raw(Cash("good-1")),
            Raw("this is not json"),
            Raw("""{"id":"bad-2","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":0,"currency":"USD","channel":"cash"}"""),
            PublishVerb.ToMessage(Cash("good-2"), "structured"),
            PublishVerb.ToMessage(Cash("good-3"), "binary"),
            new() { Key = "acme"u8.ToArray(), Value = null },
            Raw("[1,2]"),
            Raw(Cash("good-4").Replace(",", ",\n")), // pretty-printed over several lines
        };
        await cluster.ProduceAsync(KafkaHost.Topic, messages, partition: 0);
        await KafkaHost.CreateTenantAsync(data.Path);

        await using var host = await KafkaHost.StartAsync(data.Path, cluster, "g-poison", "--Lepton:Kafka:DeadLetterTopic", "transactions-dlq");
        await cluster.WaitForCommittedAsync(KafkaHost.Topic, "g-poison", messages.Count, Bounded);
        await host.WaitForIdleAsync();

        var letters = await host.Admin.GetAllAsync("/v1/dead-letters");
        Assert.Equal(4, letters.Count);
        Assert.All(letters, l => Assert.Equal("kafka", l.Text("source")));
        Assert.Contains(letters, l => l.Text("reason").StartsWith("json:", StringComparison.Ordinal));
        Assert.Contains(letters, l => l.Text("reason") == "amount: must be > 0");
        var alerted = await AlertedIdsAsync(host);
        Assert.Equal(["good-1", "good-2", "good-3", "good-4"], alerted[PlantedKinds.Threshold].Distinct().Order());

        var copies = cluster.ReadAll("transactions-dlq", 4, TimeSpan.FromSeconds(10));
        Assert.Equal(4, copies.Count);
        Assert.All(copies, c => Assert.True(c.Message.Headers.TryGetLastBytes("lepton-dead-letter-reason", out _)));
        Assert.Contains(copies, c => c.Message.Value is not null && Encoding.UTF8.GetString(c.Message.Value) == "this is not json");
    }
}
