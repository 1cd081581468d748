using System.Diagnostics.Metrics;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.EventHubs.Tests.Consumer;

/// <summary>
/// The transactions hub end to end over real AMQP (the local broker, the real SDK processor, the real host): records
/// across four partitions raise exactly the planted alerts, a restart resumes from the checkpoints without losing or
/// double-counting, poison events are dead-lettered while the partition moves on, CloudEvents are accepted in either
/// mode, dropped connections lose nothing, and the lag gauge comes back to zero.
/// </summary>
public sealed class EventHubsIngestTests
{
    private static List<GeneratedRecord> Generate(int count, long seed) =>
        TransactionGenerator.Generate(new GeneratorOptions { Tenant = ConsumerHost.Tenant, Count = count, Seed = seed, ViolationRate = 0.05 }).ToList();

    private static EventData Bare(GeneratedRecord g) => new(g.Utf8Line);

    /// <summary>Record ids per rule kind of the tenant's alerts, after checking no alert counts a record twice.</summary>
    private static async Task<ILookup<string, string>> AlertedIdsAsync(LeptonTestHost host)
    {
        var alerts = await host.Admin.GetAllAsync($"/v1/alerts?tenant={ConsumerHost.Tenant}");
        // Once per (record, kind, jurisdiction): never a second alert for the same record.
        var hits = alerts.SelectMany(a => a.RecordIds().Select(id => (id, kind: a.Text("ruleKind"), jurisdiction: a.Text("jurisdiction")))).ToList();
        Assert.Equal(hits.Count, hits.Distinct().Count());
        return hits.ToLookup(h => h.kind, h => h.id);
    }

    /// <summary>Record-level kinds only: aggregate ones depend on the order across partitions, which the hub does not keep.</summary>
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
    public async Task Records_across_four_partitions_raise_exactly_the_planted_alerts_and_the_lag_returns_to_zero()
    {
        await using var broker = await ConsumerHost.StartBrokerAsync();
        using var data = new TempFolder();
        using var lag = new LagWatch();
        var generated = Generate(2_000, seed: 3);
        await ConsumerHost.ProduceAsync(broker, generated.Select(Bare));
        Assert.All(Enumerable.Range(0, 4), p => Assert.Equal(500, broker.Events(ConsumerHost.Hub, p.ToString()).Count));
        await ConsumerHost.CreateTenantAsync(data.Path);

        await using var host = await ConsumerHost.StartAsync(data.Path, broker, "--Lepton:EventHubs:BatchSize", "100");
        await ConsumerHost.WaitForCheckpointedAsync(host, broker);
        await host.WaitForIdleAsync();

        var processor = ConsumerHost.Processor(host);
        Assert.Equal(4, processor.OwnedPartitions);
        Assert.Equal(generated.Count, processor.Consumed);
        AssertExactlyPlanted(generated, await AlertedIdsAsync(host));
        Assert.Empty(await host.Admin.GetAllAsync("/v1/dead-letters"));

        // The gauge: last enqueued sequence number minus the checkpointed one, per partition, 0 once caught up.
        await lag.WaitForAsync(latest => latest.Count == 4 && latest.Values.All(v => v == 0), "every partition's lag at 0");
    }

    [Fact]
    public async Task A_restart_mid_stream_resumes_from_the_checkpoints_losing_and_alerting_nothing_twice()
    {
        await using var broker = await ConsumerHost.StartBrokerAsync();
        using var data = new TempFolder();
        var generated = Generate(3_000, seed: 5);
        await ConsumerHost.ProduceAsync(broker, generated.Select(Bare));
        await ConsumerHost.CreateTenantAsync(data.Path);
        string[] slow = ["--Lepton:EventHubs:BatchSize", "25", "--Lepton:EventHubs:MaxInFlightBatchesPerPartition", "1"];

        await using (var first = await ConsumerHost.StartAsync(data.Path, broker, slow))
        {
            var processor = ConsumerHost.Processor(first);
            await ConsumerHost.WaitUntilAsync(() => processor.Consumed >= 400, "400 events consumed by the first host");
        } // graceful stop mid-stream: in-flight batches drain and are checkpointed

        Dictionary<string, PartitionCheckpoint> atStop;
        using (var db = LeptonDatabase.Open(data.Path))
        {
            atStop = (await new SqliteEventProcessorStore(db).ListCheckpointsAsync(broker.FullyQualifiedNamespace, ConsumerHost.Hub, ConsumerHost.Group))
                .ToDictionary(c => c.PartitionId);
        }
        Assert.NotEmpty(atStop);
        var checkpointed = atStop.Values.Sum(c => c.SequenceNumber + 1);
        Assert.True(checkpointed < generated.Count, $"the first host finished the stream ({checkpointed}); nothing was left for the restart");
        Assert.All(atStop.Values, c => Assert.False(string.IsNullOrEmpty(c.Offset)));

        await using var second = await ConsumerHost.StartAsync(data.Path, broker, slow);
        await ConsumerHost.WaitForCheckpointedAsync(second, broker);
        await second.WaitForIdleAsync();
        // It read from the checkpoints on: exactly what they did not cover.
        Assert.Equal(generated.Count - checkpointed, ConsumerHost.Processor(second).Consumed);
        AssertExactlyPlanted(generated, await AlertedIdsAsync(second));
        Assert.Empty(await second.Admin.GetAllAsync("/v1/dead-letters"));
    }

    [Fact]
    public async Task Poison_events_are_dead_lettered_CloudEvents_accepted_and_the_checkpoint_moves_past_them()
    {
        await using var broker = await ConsumerHost.StartBrokerAsync();
        using var data = new TempFolder();
        static string Cash(string id) => """{"id":"ID","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":40000,"currency":"USD","channel":"cash","originator":{"account":"A-ID","name":"N","country":"US","customerId":"C-ID"}}""".Replace("ID", id);
        static EventData Raw(string text) => new(Encoding.UTF8.GetBytes(text));
        var binary = Raw(Cash("good-binary"));
        binary.ContentType = "application/json";
        binary.Properties["cloudEvents:specversion"] = "1.0";
        binary.Properties["cloudEvents:type"] = "com.example.transaction";
        binary.Properties["cloudEvents:source"] = "/core-banking";
        binary.Properties["cloudEvents:id"] = "ce-b";
        var binaryUnderscore = Raw(Cash("good-binary-underscore"));
        binaryUnderscore.Properties["cloudEvents_specversion"] = "1.0";
        var structured = Raw($$"""{"specversion":"1.0","id":"ce-s","source":"/core-banking","type":"com.example.transaction","datacontenttype":"application/json","data":{{Cash("good-structured")}}}""");
        structured.ContentType = "application/cloudevents+json; charset=utf-8";
        var events = new List<EventData>
        {
            Raw(Cash("good-1")),
            Raw("this is not json"),
            Raw("""{"id":"bad-2","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":0,"currency":"USD","channel":"cash"}"""),
            Raw(Cash("good-2")),
            binary,
            binaryUnderscore,
            structured,
        };
        await using (var producer = new EventHubProducerClient(broker.ConnectionString, ConsumerHost.Hub))
            await ConsumerHost.SendAsync(producer, "0", events);
        await ConsumerHost.CreateTenantAsync(data.Path);

        await using var host = await ConsumerHost.StartAsync(data.Path, broker);
        await ConsumerHost.WaitForCheckpointedAsync(host, broker);
        await host.WaitForIdleAsync();

        var letters = await host.Admin.GetAllAsync("/v1/dead-letters");
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Equal("eventhubs", l.Text("source")));
        Assert.Contains(letters, l => l.Text("reason").StartsWith("json:", StringComparison.Ordinal));
        Assert.Contains(letters, l => l.Text("reason") == "amount: must be > 0");
        var alerted = await AlertedIdsAsync(host);
        Assert.Equal(["good-1", "good-2", "good-binary", "good-binary-underscore", "good-structured"], alerted[PlantedKinds.Threshold].Distinct().Order());
        var checkpoint = (await ConsumerHost.CheckpointsAsync(host, broker))["0"];
        Assert.Equal(broker.Events(ConsumerHost.Hub, "0")[^1].SequenceNumber, checkpoint.SequenceNumber);
    }

    [Fact]
    public async Task Dropped_connections_mid_stream_lose_nothing_and_alert_nothing_twice()
    {
        await using var broker = await ConsumerHost.StartBrokerAsync();
        using var data = new TempFolder();
        var generated = Generate(3_000, seed: 7);
        await ConsumerHost.ProduceAsync(broker, generated.Select(Bare));
        await ConsumerHost.CreateTenantAsync(data.Path);

        await using var host = await ConsumerHost.StartAsync(data.Path, broker,
            "--Lepton:EventHubs:BatchSize", "25", "--Lepton:EventHubs:MaxInFlightBatchesPerPartition", "2");
        var processor = ConsumerHost.Processor(host);
        await ConsumerHost.WaitUntilAsync(() => processor.Consumed >= 300, "300 events consumed");
        Assert.True(broker.DropConnections() > 0, "no connection to drop");
        await ConsumerHost.WaitForCheckpointedAsync(host, broker);
        await host.WaitForIdleAsync();

        Assert.True(processor.Consumed >= generated.Count, $"{processor.Consumed} consumed");
        AssertExactlyPlanted(generated, await AlertedIdsAsync(host));
        Assert.Empty(await host.Admin.GetAllAsync("/v1/dead-letters"));
    }

    [Fact]
    public async Task Refused_links_are_reported_as_processing_errors_and_the_partitions_recover()
    {
        await using var broker = await ConsumerHost.StartBrokerAsync();
        using var data = new TempFolder();
        using var errors = new MeterWatch(EventHubsTelemetry.Name, "lepton.eventhubs.errors");
        var generated = Generate(1_000, seed: 13);
        await ConsumerHost.ProduceAsync(broker, generated.Select(Bare));
        await ConsumerHost.CreateTenantAsync(data.Path);
        // Not retried by the SDK: the partition's processing fails, the error handler hears of it, the partition restarts.
        broker.RefuseLinks(ConsumerHost.Hub, 2, LinkRefusal.QuotaExceeded);

        await using var host = await ConsumerHost.StartAsync(data.Path, broker, "--Lepton:EventHubs:BatchSize", "50");
        await ConsumerHost.WaitForCheckpointedAsync(host, broker);
        await host.WaitForIdleAsync();

        Assert.Equal(2, broker.LinksRefused(ConsumerHost.Hub));
        Assert.True(errors.Total >= 1, "no processing error was reported");
        AssertExactlyPlanted(generated, await AlertedIdsAsync(host));
        Assert.Empty(await host.Admin.GetAllAsync("/v1/dead-letters"));
    }

    /// <summary>The latest value of <c>lepton.eventhubs.consumer_lag</c> per partition of the test hub.</summary>
    private sealed class LagWatch : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _latest = [];

        public LagWatch()
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == EventHubsTelemetry.Name && i.Name == "lepton.eventhubs.consumer_lag")
                    l.EnableMeasurementEvents(i);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? hub = null, partition = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "hub")
                        hub = tag.Value as string;
                    else if (tag.Key == "partition")
                        partition = tag.Value as string;
                }
                if (hub == ConsumerHost.Hub && partition is not null)
                {
                    lock (_latest)
                        _latest[partition] = value;
                }
            });
            _listener.Start();
        }

        public async Task WaitForAsync(Func<IReadOnlyDictionary<string, long>, bool> condition, string what)
        {
            var deadline = DateTime.UtcNow + ConsumerHost.Bounded;
            while (true)
            {
                lock (_latest)
                    _latest.Clear();
                _listener.RecordObservableInstruments();
                Dictionary<string, long> latest;
                lock (_latest)
                    latest = new Dictionary<string, long>(_latest);
                if (condition(latest))
                    return;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{what}: not within {ConsumerHost.Bounded}; last {string.Join(", ", latest.Select(kv => $"{kv.Key}={kv.Value}"))}");
                await Task.Delay(100);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
