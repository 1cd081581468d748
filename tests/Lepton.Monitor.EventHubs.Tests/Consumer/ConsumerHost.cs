using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.EventHubs.Tests.Consumer;

/// <summary>The real host consuming a hub of the local broker, after the tenant exists; producing and waiting for checkpoints.</summary>
internal static class ConsumerHost
{
    public const string Hub = "transactions";
    public const string Group = "$Default";
    public const string Tenant = "acme";
    public const int Partitions = 4;
    public static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];
    public static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    public static Task<LocalEventHubsBroker> StartBrokerAsync() =>
        LocalEventHubsBroker.StartAsync(new BrokerOptions { Hubs = { [Hub] = Partitions } });

    /// <summary>Creates the tenant directly in the store of <paramref name="dataPath"/> (before any host runs on it).</summary>
    public static async Task CreateTenantAsync(string dataPath)
    {
        using var db = LeptonDatabase.Open(dataPath);
        var store = new SqliteTenantStore(db, TimeProvider.System);
        await store.UpsertAsync(new TenantInfo(Tenant, Tenant, Jurisdictions, null, DateTimeOffset.UtcNow));
    }

    /// <summary>Short load-balancing cycles so the partitions are claimed within a second or two; alert publishing off.</summary>
    public static Task<LeptonTestHost> StartAsync(string dataPath, LocalEventHubsBroker broker, params string[] extra) =>
        LeptonTestHost.StartAsync(dataPath,
        [
            "--Lepton:EventHubs:ConnectionString", broker.ConnectionString,
            "--Lepton:EventHubs:EventHub", Hub,
            "--Lepton:EventHubs:AlertHub", "",
            "--Lepton:EventHubs:LoadBalancingIntervalSeconds", "1",
            "--Lepton:EventHubs:OwnershipExpirationSeconds", "5",
            .. extra,
        ]);

    public static EventHubsIngestProcessor Processor(LeptonTestHost host) => host.App.Services.GetRequiredService<EventHubsIngestProcessor>();

    /// <summary>Sends the bodies round-robin over the partitions (in order within each), one batch per partition.</summary>
    public static async Task ProduceAsync(LocalEventHubsBroker broker, IEnumerable<EventData> events)
    {
        var byPartition = events.Select((e, i) => (e, partition: (i % Partitions).ToString()))
            .GroupBy(x => x.partition, x => x.e).ToList();
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        foreach (var group in byPartition)
            await SendAsync(producer, group.Key, group);
    }

    public static async Task SendAsync(EventHubProducerClient producer, string partitionId, IEnumerable<EventData> events)
    {
        var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = partitionId });
        try
        {
            foreach (var e in events)
            {
                if (batch.TryAdd(e))
                    continue;
                await producer.SendAsync(batch);
                batch.Dispose();
                batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = partitionId });
                Assert.True(batch.TryAdd(e), "an event larger than a batch");
            }
            if (batch.Count > 0)
                await producer.SendAsync(batch);
        }
        finally
        {
            batch.Dispose();
        }
    }

    /// <summary>The host's checkpoints, by partition.</summary>
    public static async Task<Dictionary<string, PartitionCheckpoint>> CheckpointsAsync(LeptonTestHost host, LocalEventHubsBroker broker) =>
        (await host.App.Services.GetRequiredService<IEventProcessorStore>().ListCheckpointsAsync(broker.FullyQualifiedNamespace, Hub, Group))
            .ToDictionary(c => c.PartitionId);

    /// <summary>Waits (bounded) until every partition's checkpoint is at its last event: everything was processed and acknowledged.</summary>
    public static async Task WaitForCheckpointedAsync(LeptonTestHost host, LocalEventHubsBroker broker)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (true)
        {
            var checkpoints = await CheckpointsAsync(host, broker);
            var behind = Enumerable.Range(0, Partitions).Select(p => p.ToString())
                .Where(p => broker.Events(Hub, p).Count > 0
                    && (!checkpoints.TryGetValue(p, out var c) || c.SequenceNumber < broker.Events(Hub, p)[^1].SequenceNumber))
                .ToList();
            if (behind.Count == 0)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"partitions {string.Join(", ", behind)} not checkpointed at their last event after {Bounded}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits (bounded) for <paramref name="condition"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what}: not within {Bounded}");
            await Task.Delay(10);
        }
    }
}
