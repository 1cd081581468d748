using System.Diagnostics;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Ingest.Kafka;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>The Kafka figures of one bench run, all over the same topic of the same mock cluster.</summary>
public sealed record KafkaBenchResult(
    int Records,
    int Partitions,
    double ProducePerSecond,
    double ConsumeOnlyPerSecond,
    double PipelinePerSecond,
    double PipelineStartSeconds)
{
    /// <summary>The warm-up pass: the same number of records consumed by the fresh host, cold (grain activation, model sessions, first journal writes).</summary>
    public double? ColdPerSecond { get; init; }
}

/// <summary>
/// The Kafka path of `lepton bench --kafka`: librdkafka's in-process mock cluster (3 brokers, topics auto-created with
/// 4 partitions), N generated records produced to a fresh topic, then (a) a plain consumer reading the topic in a fresh
/// group (consume-only), (b) a fresh all-in-one host consuming the same topic until every record is processed by its
/// grains (the cold pass: grains activate, model sessions load, the journal is new), then (c) N more records of another
/// tenant produced to the topic and consumed by the now warm host: the Kafka path figure, warm like the HTTP path's
/// (which follows a warm-up in a process that ran the pipeline). The rates are timed from the first message received
/// to the last message read (a) or processed (b, c), so the group join is not in them; the host's start-to-first-message
/// time is reported beside them. In (c) the bench's producer still runs during the first part of the pass (it competes
/// for the same cores), which counts against the Kafka path.
/// </summary>
public sealed class KafkaPathBenchmark(BenchOptions options, TextWriter log)
{
    private const string Tenant = "bench-kafka";
    private const string ColdTenant = "bench-kafka-cold";
    private static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];
    private static readonly TimeSpan ProduceTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ConsumeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromMinutes(5);

    public async Task<KafkaBenchResult> RunAsync()
    {
        // Before any Confluent type is touched: bind the bundled librdkafka, not a system one.
        var native = KafkaNativeLibrary.EnsureLoaded();
        return await RunLoadedAsync(native);
    }

    // Kept out of RunAsync so that no Confluent type is loaded before the native library is.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<KafkaBenchResult> RunLoadedAsync(string? native)
    {
        log.WriteLine($"kafka: starting librdkafka {Library.VersionString} mock cluster (3 brokers; {native ?? "library already loaded"}) …");
        var adminConfig = new AdminClientConfig();
        adminConfig.Set("test.mock.num.brokers", "3");
        // The mock cluster lives as long as this client.
        using var admin = new AdminClientBuilder(adminConfig).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        if (brokers.Count == 0)
            throw new TimeoutException("kafka: the mock cluster reported no brokers within 10 s");
        var bootstrap = string.Join(",", brokers.Select(b => $"{b.Host}:{b.Port}"));
        var topic = "bench-" + Guid.NewGuid().ToString("N")[..12];

        var coldLines = NdjsonLines.Split(TransactionGenerator.GenerateNdjson(new GeneratorOptions
        {
            Tenant = ColdTenant, Count = options.Records, Seed = 19, IdPrefix = "kc-",
        }));
        var lines = NdjsonLines.Split(TransactionGenerator.GenerateNdjson(new GeneratorOptions
        {
            Tenant = Tenant, Count = options.Records, Seed = 13, IdPrefix = "kx-",
        }));
        var produceRate = await ProduceAsync(bootstrap, topic, coldLines);
        var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics.Single().Partitions.Count;
        CheckRetained(bootstrap, topic, partitions, coldLines.Count);
        log.WriteLine($"  produced {coldLines.Count:N0} records to {topic} ({partitions} partitions) at {produceRate:N0} messages/s");

        var consumeRate = ConsumeOnly(bootstrap, topic, coldLines.Count);
        log.WriteLine($"kafka consume-only: {consumeRate:N0} messages/s");

        var (pipelineRate, coldRate, startSeconds) = await PipelineAsync(bootstrap, topic, coldLines.Count, lines);
        log.WriteLine($"kafka path (topic → persisted alerts): {pipelineRate:N0} records/s warm, {coldRate:N0} records/s in the fresh host's cold pass (host start to first message {startSeconds:N2} s)");
        return new KafkaBenchResult(lines.Count, partitions, produceRate, consumeRate, pipelineRate, startSeconds) { ColdPerSecond = coldRate };
    }

    /// <summary>Keyed by tenant (as a producer would), spread round-robin over the topic's 4 partitions: one tenant's key alone would put everything on one.</summary>
    private static async Task<double> ProduceAsync(string bootstrap, string topic, List<byte[]> lines)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 5,
            // The mock cluster keeps only a few MB per partition and drops older segments: compressed batches keep
            // the whole run on the topic (and are what a producer of JSON would send).
            CompressionType = CompressionType.Lz4,
            MessageTimeoutMs = (int)ProduceTimeout.TotalMilliseconds,
        };
        using var producer = new ProducerBuilder<byte[]?, byte[]?>(config).Build();
        // The first produce auto-creates the topic (4 partitions); wait for it before the round-robin.
        var key = System.Text.Encoding.UTF8.GetBytes(Tenant);
        var started = Stopwatch.GetTimestamp();
        await producer.ProduceAsync(new TopicPartition(topic, 0), new Message<byte[]?, byte[]?> { Key = key, Value = lines[0] })
            .WaitAsync(TimeSpan.FromSeconds(30));
        long failed = 0, delivered = 1;
        string? firstError = null;
        for (var i = 1; i < lines.Count; i++)
        {
            var message = new Message<byte[]?, byte[]?> { Key = key, Value = lines[i] };
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(topic, i % 4), message, report =>
                    {
                        if (report.Error.IsError)
                        {
                            Interlocked.CompareExchange(ref firstError, report.Error.Reason, null);
                            Interlocked.Increment(ref failed);
                        }
                        else
                        {
                            Interlocked.Increment(ref delivered);
                        }
                    });
                    break;
                }
                catch (ProduceException<byte[]?, byte[]?> e) when (e.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                    if (Stopwatch.GetElapsedTime(started) > ProduceTimeout)
                        throw new TimeoutException($"kafka: producing {lines.Count} records did not finish within {ProduceTimeout}");
                }
            }
        }
        var left = ProduceTimeout - Stopwatch.GetElapsedTime(started);
        if (left <= TimeSpan.Zero || producer.Flush(left) > 0)
            throw new TimeoutException($"kafka: producing {lines.Count} records did not finish within {ProduceTimeout} ({Interlocked.Read(ref delivered)} acknowledged)");
        if (failed > 0)
            throw new InvalidOperationException($"kafka: {failed} of {lines.Count} records were not delivered: {firstError}");
        return lines.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>A plain consumer in a fresh group reads every message of the topic; timed from the first message to the last.</summary>
    private static double ConsumeOnly(string bootstrap, string topic, int expected)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "bench-consume-only-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            EnablePartitionEof = false,
            // As the product's consumer has (KafkaClientConfigs) and the bench host is given below.
            QueuedMaxMessagesKbytes = 16 * 1024,
            FetchWaitMaxMs = 50,
        };
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(config).Build();
        consumer.Subscribe(topic);
        var deadline = Stopwatch.GetTimestamp() + (long)(ConsumeTimeout.TotalSeconds * Stopwatch.Frequency);
        long first = 0;
        var count = 0;
        try
        {
            while (count < expected)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new TimeoutException($"kafka consume-only: read {count} of {expected} messages of {topic} within {ConsumeTimeout}; {Progress(consumer)}");
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result?.Message is null)
                    continue;
                if (count++ == 0)
                    first = Stopwatch.GetTimestamp();
            }
            return expected / Stopwatch.GetElapsedTime(first).TotalSeconds;
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>
    /// A fresh all-in-one host (own data folder, own Orleans ports) consumes the topic until its dispatcher processed
    /// every record (journaled, scored and ruled by the grains, alerts persisted): the cold pass. Then the measured
    /// records are produced to the same topic and consumed by the warm host. The tenants exist before it starts.
    /// </summary>
    private async Task<(double Rate, double ColdRate, double StartSeconds)> PipelineAsync(string bootstrap, string topic, int coldCount, List<byte[]> lines)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "lepton-bench-kafka-" + Guid.NewGuid().ToString("N"));
        using (var db = LeptonDatabase.Open(dataPath))
        {
            var tenants = new SqliteTenantStore(db, TimeProvider.System);
            foreach (var tenant in new[] { ColdTenant, Tenant })
                await tenants.UpsertAsync(new TenantInfo(tenant, tenant, Jurisdictions, null, DateTimeOffset.UtcNow));
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
            "--Lepton:Kafka:BootstrapServers", bootstrap,
            "--Lepton:Kafka:Topic", topic,
            "--Lepton:Kafka:ConsumerGroup", "bench-lepton-" + Guid.NewGuid().ToString("N"),
            "--Lepton:Kafka:AlertTopic=",
            // Idle partitions beside busy ones hold fetches for fetch.wait.max.ms (500 ms by default), as in the tests.
            "--Lepton:Kafka:Settings:fetch.wait.max.ms", "50",
            .. options.HostArgs,
        ];
        log.WriteLine($"kafka path: fresh host consuming {topic} until {coldCount:N0} records are processed (cold pass) …");
        var app = LeptonHost.Build(args);
        var hostStarted = Stopwatch.GetTimestamp();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var consumer = app.Services.GetRequiredService<KafkaIngestConsumer>();
            var dispatcher = app.Services.GetRequiredService<RecordDispatcher>();

            var deadline = Stopwatch.GetTimestamp() + (long)(PipelineTimeout.TotalSeconds * Stopwatch.Frequency);
            var expected = (long)coldCount;
            void CheckDeadline(string what)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                    throw new TimeoutException($"kafka path: {what} within {PipelineTimeout}: consumed {consumer.Consumed}, " +
                        $"enqueued {dispatcher.Enqueued}, acknowledged {dispatcher.Acknowledged} of {expected}");
            }
            // Timed from the first message past `before` consumed to `before + count` acknowledged by the grains
            // (alerts durable); the journal marks them processed at the next checkpoint.
            async Task<double> PassAsync(long before, int count)
            {
                expected = before + count;
                while (consumer.Consumed <= before)
                {
                    CheckDeadline("no message consumed");
                    await Task.Delay(1);
                }
                var first = Stopwatch.GetTimestamp();
                while (dispatcher.Acknowledged < expected)
                {
                    CheckDeadline("not every record processed");
                    await Task.Delay(2);
                }
                return count / Stopwatch.GetElapsedTime(first).TotalSeconds;
            }

            while (consumer.Consumed == 0)
            {
                CheckDeadline("no message consumed");
                await Task.Delay(1);
            }
            var startSeconds = Stopwatch.GetElapsedTime(hostStarted).TotalSeconds;
            var coldRate = await PassAsync(0, coldCount);
            // Checkpointed and idle, as the HTTP path's warm-up leaves its host.
            await dispatcher.WaitForIdleAsync(PipelineTimeout);
            log.WriteLine($"  cold pass: {coldRate:N0} records/s; producing {lines.Count:N0} records of {Tenant} for the warm pass …");
            var produce = ProduceAsync(bootstrap, topic, lines);
            var rate = await PassAsync(coldCount, lines.Count);
            await produce;
            if (dispatcher.Acknowledged > expected)
                log.WriteLine($"  note: {dispatcher.Acknowledged:N0} records processed for {expected:N0} messages");
            return (rate, coldRate, startSeconds);
        }
        finally
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await app.DisposeAsync();
            try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Fails clearly when the mock cluster's bounded log already dropped some of the produced records.</summary>
    private static void CheckRetained(string bootstrap, string topic, int partitions, int expected)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "bench-watermarks" }).Build();
        long retained = 0;
        for (var p = 0; p < partitions; p++)
        {
            var w = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            retained += w.High.Value - w.Low.Value;
        }
        if (retained != expected)
            throw new InvalidOperationException($"kafka: the mock cluster retains {retained} of the {expected} records produced to {topic} " +
                "(it keeps only a few MB per partition): run with fewer --records");
    }

    /// <summary>Per assigned partition: position / high watermark, for a timeout's message.</summary>
    private static string Progress(IConsumer<byte[]?, byte[]?> consumer) => string.Join(", ", consumer.Assignment.Select(tp =>
    {
        var w = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(5));
        return $"p{tp.Partition.Value} at {consumer.Position(tp)} of {w.Low}..{w.High}";
    }));
}
