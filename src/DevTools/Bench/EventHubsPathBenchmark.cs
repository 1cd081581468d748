using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Producer;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.EventHubs;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>The Event Hubs figures of one bench run, all over the same hub.</summary>
public sealed record EventHubsBenchResult(
    int Records,
    int WarmRecords,
    int Partitions,
    double ProducePerSecond,
    double ConsumeOnlyPerSecond,
    double PipelinePerSecond,
    double ColdPipelinePerSecond,
    double PipelineStartSeconds);

/// <summary>
/// The Event Hubs path of `lepton bench --event-hubs`: over an existing, empty hub of the namespace (the local broker
/// of bench/Lepton.Monitor.EventHubsBench creates one), W warm-up records of another tenant and then N generated
/// records are produced in batches, round-robin over the partitions; then (a) plain partition receivers read every
/// event (consume-only), (b) a fresh all-in-one host consumes the hub with the native adapter until every record is
/// processed by its grains. Both are timed from the moment the warm-up records are read (a) or acknowledged (b) to
/// the last measured one (the JIT of a fresh host settled, as the HTTP path's host is warm); (b) also cold, from the
/// first event consumed, with the host's start-to-first-event time beside it.
/// </summary>
public sealed class EventHubsPathBenchmark(BenchOptions options, TextWriter log)
{
    private const string Tenant = "bench-eh";
    private const string WarmTenant = "bench-eh-warm";
    private static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];
    private static readonly TimeSpan ProduceTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(5);

    public async Task<EventHubsBenchResult> RunAsync()
    {
        var connection = options.EventHubsConnectionString
            ?? throw new InvalidOperationException("event hubs: no namespace connection string (--event-hubs)");
        var hub = options.EventHubsHub;
        var warmCount = Math.Min(options.Records, options.EventHubsWarmRecords);
        var warm = warmCount > 0
            ? NdjsonLines.Split(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = WarmTenant, Count = warmCount, Seed = 5, IdPrefix = "ehw-" }))
            : [];
        var lines = NdjsonLines.Split(TransactionGenerator.GenerateNdjson(new GeneratorOptions
        {
            Tenant = Tenant, Count = options.Records, Seed = 13, IdPrefix = "eh-",
        }));

        string[] partitions;
        double produceRate;
        await using (var producer = new EventHubProducerClient(connection, hub))
        {
            partitions = await producer.GetPartitionIdsAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await EnsureEmptyAsync(producer, hub, partitions);
            log.WriteLine($"event hubs: producing {warm.Count:N0} warm-up + {lines.Count:N0} records to {hub} ({partitions.Length} partitions) …");
            produceRate = await ProduceAsync(producer, partitions, [.. warm, .. lines]);
        }
        log.WriteLine($"  produced at {produceRate:N0} events/s");

        var total = warm.Count + lines.Count;
        var consumeRate = await ConsumeOnlyAsync(connection, hub, partitions, warm.Count, total);
        log.WriteLine($"event hubs consume-only: {consumeRate:N0} events/s");

        var (rate, coldRate, startSeconds) = await PipelineAsync(connection, hub, warm.Count, total);
        log.WriteLine($"event hubs path (hub → persisted alerts): {rate:N0} records/s after {warm.Count:N0} warm-up records, " +
            $"{coldRate:N0} records/s over all from a cold host (host start to first event {startSeconds:N2} s)");
        return new EventHubsBenchResult(lines.Count, warm.Count, partitions.Length, produceRate, consumeRate, rate, coldRate, startSeconds);
    }

    /// <summary>Fails clearly on a hub that already holds events: the host reads from the earliest event, the counts would not add up.</summary>
    private static async Task EnsureEmptyAsync(EventHubProducerClient producer, string hub, string[] partitions)
    {
        foreach (var id in partitions)
        {
            var properties = await producer.GetPartitionPropertiesAsync(id).WaitAsync(TimeSpan.FromSeconds(30));
            if (!properties.IsEmpty)
                throw new InvalidOperationException($"event hubs: partition {id} of {hub} already holds events (up to sequence number " +
                    $"{properties.LastEnqueuedSequenceNumber}): the bench needs an empty hub");
        }
    }

    /// <summary>
    /// Partition i gets lines i, i+P, i+2P, … in order; each partition is sent by its own loop of size-bounded batches
    /// (one batch in flight per partition, as a producer keeping order would send).
    /// </summary>
    private static async Task<double> ProduceAsync(EventHubProducerClient producer, string[] partitions, List<byte[]> lines)
    {
        using var cts = new CancellationTokenSource(ProduceTimeout);
        var started = Stopwatch.GetTimestamp();
        var senders = partitions.Select((id, p) => Task.Run(async () =>
        {
            var batchOptions = new CreateBatchOptions { PartitionId = id };
            var batch = await producer.CreateBatchAsync(batchOptions, cts.Token);
            try
            {
                for (var i = p; i < lines.Count; i += partitions.Length)
                {
                    var data = new EventData(lines[i]) { ContentType = "application/json" };
                    if (batch.TryAdd(data))
                        continue;
                    if (batch.Count == 0)
                        throw new InvalidOperationException($"event hubs: record {i} ({lines[i].Length} bytes) does not fit into an empty batch");
                    await producer.SendAsync(batch, cts.Token);
                    batch.Dispose();
                    batch = await producer.CreateBatchAsync(batchOptions, cts.Token);
                    if (!batch.TryAdd(data))
                        throw new InvalidOperationException($"event hubs: record {i} ({lines[i].Length} bytes) does not fit into an empty batch");
                }
                if (batch.Count > 0)
                    await producer.SendAsync(batch, cts.Token);
            }
            finally
            {
                batch.Dispose();
            }
        }, cts.Token)).ToList();
        try
        {
            await Task.WhenAll(senders);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"event hubs: producing {lines.Count} records did not finish within {ProduceTimeout}");
        }
        return lines.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// One <see cref="PartitionReceiver"/> per partition from the earliest event, receiving batches with the settings
    /// the product's consumer gets (batch size, prefetch, wait). Timed as the path is: from the moment the warm-up
    /// events are read (the broker's and the SDK's receive code is JIT-compiled by then) to the last event; without
    /// warm-up events, from the first batch received.
    /// </summary>
    private async Task<double> ConsumeOnlyAsync(string connection, string hub, string[] partitions, int warm, int expected)
    {
        // The consumer settings the bench host gets (its defaults, or --Lepton:EventHubs:… in the host arguments).
        var consumer = new ConfigurationBuilder().AddCommandLine([.. options.HostArgs]).Build()
            .GetSection(EventHubsOptions.Section).Get<EventHubsOptions>() ?? new EventHubsOptions();
        var receiverOptions = new PartitionReceiverOptions { PrefetchCount = consumer.PrefetchCount };
        using var cts = new CancellationTokenSource(ConsumeTimeout);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        long started = 0;
        long count = 0;
        var readers = partitions.Select(id => Task.Run(async () =>
        {
            await using var receiver = new PartitionReceiver(EventHubConsumerClient.DefaultConsumerGroupName, id, EventPosition.Earliest, connection, hub, receiverOptions);
            var last = (await receiver.GetPartitionPropertiesAsync(cts.Token)).LastEnqueuedSequenceNumber;
            var seen = -1L;
            while (seen < last)
            {
                var received = 0;
                foreach (var e in await receiver.ReceiveBatchAsync(consumer.BatchSize, TimeSpan.FromMilliseconds(consumer.MaxWaitMs), cts.Token))
                {
                    seen = e.SequenceNumber;
                    received++;
                }
                var total = Interlocked.Add(ref count, received);
                if (received > 0 && total - received <= warm && (total > warm || warm == 0))
                    Interlocked.CompareExchange(ref started, Stopwatch.GetTimestamp(), 0);
            }
        }, cts.Token)).ToList();
        try
        {
            await Task.WhenAll(readers);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"event hubs consume-only: read {Interlocked.Read(ref count)} of {expected} events of {hub} within {ConsumeTimeout}");
        }
        if (count != expected)
            throw new InvalidOperationException($"event hubs consume-only: read {count} events of {hub}, {expected} were produced");
        // CPU of the whole process (the in-process broker's sending included) over every event read, warm-up too.
        log.WriteLine($"  consume-only process CPU per event {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / expected:N1} µs (receivers, and the broker when it runs in this process)");
        // The batch that crossed the mark is not timed (no interval before it), as in a first-to-last message rate.
        return (expected - warm) / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>
    /// A fresh all-in-one host (own data folder, own Orleans ports) consumes the hub until its dispatcher processed
    /// every record: journaled, scored and ruled by the grains, alerts persisted. The tenants exist before it starts.
    /// </summary>
    private async Task<(double Rate, double ColdRate, double StartSeconds)> PipelineAsync(string connection, string hub, int warm, int expected)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "lepton-bench-eh-" + Guid.NewGuid().ToString("N"));
        using (var db = LeptonDatabase.Open(dataPath))
        {
            var tenants = new SqliteTenantStore(db, TimeProvider.System);
            foreach (var t in new[] { Tenant, WarmTenant })
                await tenants.UpsertAsync(new TenantInfo(t, t, Jurisdictions, null, DateTimeOffset.UtcNow) { Settings = new TenantSettings(Shards: options.Shards) });
        }

        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Lepton:DataPath", dataPath,
            "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", PipelineBenchmark.FreePort().ToString(),
            "--Lepton:Orleans:GatewayPort", PipelineBenchmark.FreePort().ToString(),
            "--Logging:LogLevel:Default", "Warning",
            "--LEPTON_ADMIN_KEY", "bench-admin-key",
            "--Lepton:EventHubs:ConnectionString", connection,
            "--Lepton:EventHubs:EventHub", hub,
            "--Lepton:EventHubs:ConsumerGroup", EventHubConsumerClient.DefaultConsumerGroupName,
            "--Lepton:EventHubs:StartPosition", "earliest",
            "--Lepton:EventHubs:AlertHub=",
            .. options.HostArgs,
        ];
        log.WriteLine($"event hubs path: fresh host consuming {hub} until {expected:N0} records are processed …");
        var app = LeptonHost.Build(args);
        var hostStarted = Stopwatch.GetTimestamp();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var dispatcher = app.Services.GetRequiredService<RecordDispatcher>();
            var consumer = app.Services.GetRequiredService<EventHubsIngestProcessor>();

            var deadline = Stopwatch.GetTimestamp() + (long)(PipelineTimeout.TotalSeconds * Stopwatch.Frequency);
            async Task WaitAsync(Func<bool> done, string what)
            {
                while (!done())
                {
                    if (Stopwatch.GetTimestamp() > deadline)
                        throw new TimeoutException($"event hubs path: {what} within {PipelineTimeout}: " +
                            $"consumed {consumer.Consumed}, enqueued {dispatcher.Enqueued}, acknowledged {dispatcher.Acknowledged} of {expected}");
                    await Task.Delay(2);
                }
            }
            await WaitAsync(() => consumer.Consumed > 0, "no event consumed");
            var first = Stopwatch.GetTimestamp();
            var startSeconds = Stopwatch.GetElapsedTime(hostStarted, first).TotalSeconds;
            await WaitAsync(() => dispatcher.Acknowledged >= warm, "the warm-up records not processed");
            var warmed = Stopwatch.GetTimestamp();
            var cpuWarmed = Process.GetCurrentProcess().TotalProcessorTime;
            // Acknowledged by the grains (alerts durable); the journal marks them processed at the next checkpoint.
            await WaitAsync(() => dispatcher.Acknowledged >= expected, "not every record processed");
            var end = Stopwatch.GetTimestamp();
            log.WriteLine($"  event hubs path process CPU per record after the warm-up {(Process.GetCurrentProcess().TotalProcessorTime - cpuWarmed).TotalMicroseconds / (expected - warm):N1} µs (consumer and pipeline, and the broker when it runs in this process)");
            if (dispatcher.Acknowledged > expected)
                log.WriteLine($"  note: {dispatcher.Acknowledged:N0} records processed for {expected:N0} events");
            var measured = expected - warm;
            return (measured / Stopwatch.GetElapsedTime(warm > 0 ? warmed : first, end).TotalSeconds,
                expected / Stopwatch.GetElapsedTime(first, end).TotalSeconds,
                startSeconds);
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await app.DisposeAsync();
            PipelineBenchmark.TryDelete(dataPath);
        }
    }
}
