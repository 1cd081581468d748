using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.EventHubs.Broker;
using Lepton.Monitor.Storage;
using Npgsql;
using Xunit.Abstractions;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// Issue 17, Event Hubs in a cluster: two api processes of one consumer group share the partitions of a 4-partition
/// hub on the local AMQP broker (in the test process), their ownership and checkpoints in the cluster's PostgreSQL.
/// Each checkpoints only after the grains of the one silo acknowledged. A process SIGKILLed mid-stream loses its
/// partitions once its ownership expires; the survivor takes them over from their checkpoints, and redelivered records
/// are recognised by id (never alerted twice).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EventHubsClusterTests(ITestOutputHelper output)
{
    private const string Hub = "tx-cluster";
    private const string ConsumerGroup = "$Default";
    private const int Partitions = 4;
    private const int ExpirySeconds = 6;

    // Short balancing and expiry so sharing and takeover happen within seconds (production: 10 s and 30 s); short
    // journal leases so the survivor also replays what the dead process had journaled but not dispatched.
    private static string Args(LocalEventHubsBroker broker) =>
        $"--Lepton:EventHubs:ConnectionString {broker.ConnectionString} --Lepton:EventHubs:EventHub {Hub} " +
        $"--Lepton:EventHubs:AlertHub= --Lepton:EventHubs:LoadBalancingIntervalSeconds 2 " +
        $"--Lepton:EventHubs:OwnershipExpirationSeconds {ExpirySeconds} " +
        "--Lepton:Journal:Lease 00:00:04 --Lepton:Journal:RenewInterval 00:00:01 --Lepton:Journal:Takeover:PollInterval 00:00:01";

    [Fact]
    public async Task Two_api_processes_share_the_partitions_and_every_record_is_checked_once()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync();
        broker.CreateHub(Hub, Partitions);
        var stream = new ClusterStream(count: 2_000, seed: 37);

        await using var cluster = await LocalCluster.UpAsync(silos: 1, apis: 2, extraArgs: Args(broker));
        using var first = cluster.AdminClient(api: 1);
        using var second = cluster.AdminClient(api: 2);
        await ClusterStream.CreateTenantAsync(first, shards: 1);
        await using var db = NpgsqlDataSource.Create(cluster.ConnectionString("lepton"));
        var store = new PostgresEventProcessorStore(db);

        // Balanced before any record, so no partition changes hands (and is redelivered) while the stream is read.
        var owners = await WaitForOwnersAsync(store, broker, cluster, count: 2, TimeSpan.FromMinutes(1));
        output.WriteLine("ownership: " + Describe(owners));

        await ProduceAsync(broker, stream.Records.ToList());

        var deadline = Stopwatch.StartNew();
        double one, two;
        while ((one = await ClusterStream.DispatchedAsync(first)) + (two = await ClusterStream.DispatchedAsync(second)) < stream.Count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"only {one} + {two} of {stream.Count} records acknowledged\n{Logs(cluster)}");
            await Task.Delay(250);
        }
        output.WriteLine($"api-1 dispatched {one}, api-2 {two} of {stream.Count}");
        Assert.True(one > 0 && two > 0, $"the partitions were not shared: api-1 dispatched {one}, api-2 {two}");
        Assert.Equal(stream.Count, one + two); // none twice: each record came from the partition one process owned

        await WaitForCheckpointsAtEndAsync(store, broker, TimeSpan.FromMinutes(1), cluster);
        await stream.AssertNoRecordTwiceAndThresholdsAlertedAsync(first);
    }

    [Fact]
    public async Task A_killed_api_process_loses_its_partitions_to_the_other_after_expiry_and_no_record_is_lost_or_alerted_twice()
    {
        await using var broker = await LocalEventHubsBroker.StartAsync();
        broker.CreateHub(Hub, Partitions);
        var stream = new ClusterStream(count: 4_000, seed: 41);
        var records = stream.Records.ToList();

        await using var cluster = await LocalCluster.UpAsync(silos: 1, apis: 2, extraArgs: Args(broker));
        using var first = cluster.AdminClient(api: 1);
        using var second = cluster.AdminClient(api: 2);
        await ClusterStream.CreateTenantAsync(first, shards: 1);
        await using var db = NpgsqlDataSource.Create(cluster.ConnectionString("lepton"));
        var store = new PostgresEventProcessorStore(db);

        var before = await WaitForOwnersAsync(store, broker, cluster, count: 2, TimeSpan.FromMinutes(1));
        output.WriteLine("ownership before: " + Describe(before));

        // The first half; api-1 is killed as soon as it is seen working on it, with batches of it in flight.
        await ProduceAsync(broker, records[..(records.Count / 2)]);
        var working = Stopwatch.StartNew();
        double dispatchedByFirst;
        while ((dispatchedByFirst = await ClusterStream.DispatchedAsync(first)) == 0)
        {
            Assert.True(working.Elapsed < TimeSpan.FromMinutes(1), $"api-1 dispatched nothing\n{Logs(cluster)}");
            await Task.Delay(20);
        }
        var dispatchedBySecond = await ClusterStream.DispatchedAsync(second);
        await cluster.KillApiAsync(1);
        var killed = Stopwatch.StartNew();
        output.WriteLine($"api-1 killed after dispatching {dispatchedByFirst} records (api-2 {dispatchedBySecond}) of the first {records.Count / 2}");
        var firstOwner = ApiOneOwner(before, cluster);

        await ProduceAsync(broker, records[(records.Count / 2)..]);

        // Every partition ends at api-2, checkpointed at its last event: each event acknowledged by the grains.
        var after = await WaitForOwnersAsync(store, broker, cluster, count: 1, TimeSpan.FromMinutes(2));
        output.WriteLine($"ownership {killed.Elapsed.TotalSeconds:F1} s after the kill: " + Describe(after));
        var survivor = Assert.Single(after.Select(o => o.OwnerId).Distinct());
        Assert.NotEqual(firstOwner, survivor);
        // Balanced at 2 + 2, api-2 steals nothing while api-1's rows live: at most one renewal interval before the kill.
        Assert.True(killed.Elapsed >= TimeSpan.FromSeconds(ExpirySeconds - 3),
            $"api-1's partitions were taken over {killed.Elapsed.TotalSeconds:F1} s after its death, before its ownership expired");
        await WaitForCheckpointsAtEndAsync(store, broker, TimeSpan.FromMinutes(2), cluster);
        output.WriteLine($"every partition checkpointed at its last event {killed.Elapsed.TotalSeconds:F1} s after the kill; " +
            $"api-2 dispatched {await ClusterStream.DispatchedAsync(second)}");

        await ClusterStream.WaitForNothingParkedAsync(second, TimeSpan.FromMinutes(1));
        await stream.AssertNoRecordTwiceAndThresholdsAlertedAsync(second);
    }

    /// <summary>Round-robin over the partitions (record i to partition i mod 4), in batches per partition.</summary>
    private static async Task ProduceAsync(LocalEventHubsBroker broker, IReadOnlyList<byte[]> records)
    {
        await using var producer = new EventHubProducerClient(broker.ConnectionString, Hub);
        var sends = Enumerable.Range(0, Partitions).Select(async p =>
        {
            var options = new CreateBatchOptions { PartitionId = p.ToString() };
            var batch = await producer.CreateBatchAsync(options);
            try
            {
                for (var i = p; i < records.Count; i += Partitions)
                {
                    if (batch.TryAdd(new EventData(records[i])))
                        continue;
                    await producer.SendAsync(batch);
                    batch.Dispose();
                    batch = await producer.CreateBatchAsync(options);
                    Assert.True(batch.TryAdd(new EventData(records[i])), $"record {i} does not fit into an empty batch");
                }
                if (batch.Count > 0)
                    await producer.SendAsync(batch);
            }
            finally
            {
                batch.Dispose();
            }
        });
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Waits until every partition has a live ownership (renewed within the expiry) and the live owners are exactly
    /// <paramref name="count"/> processes with equal shares; returns the rows.
    /// </summary>
    private static async Task<IReadOnlyList<PartitionOwnership>> WaitForOwnersAsync(
        IEventProcessorStore store, LocalEventHubsBroker broker, LocalCluster cluster, int count, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var rows = await store.ListOwnershipAsync(broker.FullyQualifiedNamespace, Hub, ConsumerGroup);
            var live = rows.Where(r => r.OwnerId.Length > 0 && DateTimeOffset.UtcNow - r.LastModified < TimeSpan.FromSeconds(ExpirySeconds)).ToList();
            var shares = live.GroupBy(r => r.OwnerId).Select(g => g.Count()).ToList();
            if (live.Count == Partitions && shares.Count == count && shares.All(s => s == Partitions / count))
                return live;
            Assert.True(deadline.Elapsed < patience, $"ownership not shared by {count} process(es) within {patience}: {Describe(rows)}\n{Logs(cluster)}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until each partition's checkpoint is at the last event the broker holds for it.</summary>
    private static async Task WaitForCheckpointsAtEndAsync(IEventProcessorStore store, LocalEventHubsBroker broker, TimeSpan patience, LocalCluster cluster)
    {
        var ends = Enumerable.Range(0, Partitions).ToDictionary(p => p.ToString(), p => broker.Events(Hub, p.ToString())[^1].SequenceNumber);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var checkpoints = await store.ListCheckpointsAsync(broker.FullyQualifiedNamespace, Hub, ConsumerGroup);
            if (ends.All(e => checkpoints.Any(c => c.PartitionId == e.Key && c.SequenceNumber == e.Value)))
                return;
            Assert.True(deadline.Elapsed < patience,
                $"checkpoints not at the partitions' ends ({string.Join(", ", ends.Select(e => $"p{e.Key} ends at {e.Value}"))}) within {patience}: " +
                $"{string.Join(", ", checkpoints.Select(c => $"p{c.PartitionId} at {c.SequenceNumber}"))}\n{Logs(cluster)}");
            await Task.Delay(250);
        }
    }

    /// <summary>api-1's owner id among the rows: the processor's default identifier ends with the process id (cluster.sh's pid file).</summary>
    private static string ApiOneOwner(IReadOnlyList<PartitionOwnership> rows, LocalCluster cluster)
    {
        var pid = File.ReadAllText(Path.Combine(cluster.Dir, "api-1.pid")).Trim();
        var owners = rows.Select(r => r.OwnerId).Distinct().ToList();
        var match = owners.Where(o => o.EndsWith("-" + pid, StringComparison.Ordinal)).ToList();
        return match.Count == 1 ? match[0] : throw new InvalidOperationException($"no ownership row names api-1 (pid {pid}): {Describe(rows)}");
    }

    private static string Describe(IEnumerable<PartitionOwnership> rows) =>
        string.Join(", ", rows.Select(r => $"p{r.PartitionId}={r.OwnerId} ({(DateTimeOffset.UtcNow - r.LastModified).TotalSeconds:F1} s ago)"));

    private static string Logs(LocalCluster cluster) => $"api-1:\n{cluster.Log("api-1")}\napi-2:\n{cluster.Log("api-2")}";
}
