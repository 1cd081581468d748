using Lepton.Monitor.Silo.Bench;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton bench`: throughput and ingest-to-alert latency of the in-process pipeline, with the raw limits beside it.</summary>
public sealed class BenchVerb : IVerb
{
    public string Name => "bench";
    public string Summary => "measure records/s and ingest-to-alert latency of the pipeline against its raw limits";
    public string Usage => """
        usage: lepton bench [--records N] [--chunk N] [--concurrency N] [--onnx-batch N] [--half-rate-seconds N] [--data DIR]
                           [--http] [--kafka] [--event-hubs CONNECTION_STRING [--event-hub NAME]] [--shards N]
               lepton bench --scoring [--callers N] [--cell-ms N]
               lepton bench --monitors [--records N] [--rounds N]
               lepton bench --gpu [--callers N] [--cell-ms N]
               lepton bench --subscribers [--records N] [--half-rate-seconds N] [--webhooks N] [--sse N]
               lepton bench --cluster [--records N] [--chunk N] [--concurrency N] [--silos 1,2,3] [--shards N] [--cluster-script PATH]

        In one process and one run: raw parse+validate (1 thread), raw batched ONNX Run on pre-built tensors,
        then N generated records through the all-in-one pipeline (ingest → journal → grains → scoring → rules →
        alert store, no HTTP) submitted in chunks by concurrent submitters; then a paced run at half the measured
        rate for ingest-to-alert p50/p99. Defaults: 200,000 records, chunks of 5,000, 4 submitters, ONNX batch 4,096.

        --http: also POST the same number of records over loopback HTTP (NDJSON chunks, the submitters as posters)
        to the bench host, measured to all processed; then 1,000-record bodies POSTed on a schedule at half that
        rate for --half-rate-seconds, with POST /v1/records latency p50/p99 (request start → 202). --kafka: also, on librdkafka's in-process mock cluster (3
        brokers, 4 partitions), produce N records to a fresh topic, read them with a plain consumer (consume-only),
        then consume them with a fresh host until all are processed (the Kafka path); ratios are printed.
        --event-hubs CONNECTION_STRING: also, over an existing, EMPTY hub with 4 partitions of that namespace (--event-hub,
        default lepton-bench; Event Hubs cannot create hubs through AMQP: create it in the portal, or run
        bench/Lepton.Monitor.EventHubsBench, whose local broker creates it), produce 20,000 warm-up and N records in
        batches round-robin over the partitions, read them with plain partition receivers (consume-only), then consume
        them with a fresh host through the native adapter until all are processed (the Event Hubs path, timed after
        the warm-up records); ratios are printed.
        --shards N: the bench tenants spread each jurisdiction over N monitor grains (default 1), for 1-vs-N runs.

        --scoring: the scoring engine alone, for each shipped model family (mlp, gbdt): raw ONNX Run on pre-built
        tensors by batch (fresh OrtValues vs reused bound tensors), one Run per record, and the batching service with
        N concurrent callers (default 8) over caller batch 1/8/64/512/4096 × MaxWait 0/1/2 ms (rows/s, call p50/p99),
        then the ratios (service at 512 vs raw Run at 512, batched vs one Run per record). About a minute.

        --monitors: rule evaluation with every pack on (records/s, bytes per tracked entity), the drift monitor's
        Observe/Check cost with 30 and 19 features, then the in-process pipeline with drift+fairness monitors off and
        on in N alternating rounds (default 2) and the on/off throughput and CPU ratios.

        --subscribers: the in-process pipeline with no subscriber, then with 10 webhook subscriptions (a loopback receiver)
        and 10 SSE clients attached, in one host: the throughput ratio, when every delivery arrived, and webhook delivery
        latency p50/p99 (alert change durable → receiver 2xx) at half the pipeline's rate.

        --cluster: real processes on this machine, started with infra/local/cluster.sh (found upward from the current
        folder or this program's, or --cluster-script PATH) on this program's own lepton.dll: for each silo count
        (default 1,2,3) a local cluster (PostgreSQL, the silos, one api process); N records (default 50,000) POSTed over
        HTTP in chunks (default 1,000) by concurrent posters (default 4), a chunk re-sent with the same ids until 202,
        timed until the api's lepton_ingest_dispatched_total has them all (records/s, POST p50/p99). On the largest
        cluster also a tenant with --shards N (default 4) vs the first one's 1; then `lepton run` on a fresh database
        of that cluster's PostgreSQL (after `lepton migrate`) and on the embedded store. Prints the machine, the table
        and the ratios; stops every process it started, also on failure or Ctrl+C. A few minutes with the defaults.

        --gpu: on an NVIDIA GPU, the cuBLASLt backend for the shipped MLP and a 1M-parameter MLP at batch 512, 4,096 and
        65,536: fp32 with and without host-device copies, TF32, ONNX Runtime CPU (2 threads) and the batching service on
        Device=cublas, with parity and ratios. Exits 1 with the reason where no GPU can be used.
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "records", "chunk", "concurrency", "onnx-batch", "half-rate-seconds", "data", "http", "kafka", "event-hubs", "event-hub", "scoring", "callers", "cell-ms", "monitors", "rounds", "gpu", "subscribers", "webhooks", "sse", "shards", "cluster", "silos", "cluster-script");
        if (a.Has("cluster"))
        {
            var c = new ClusterBenchOptions();
            return await new ClusterBenchmark(c with
            {
                Records = a.Int("records", c.Records),
                ChunkRecords = a.Int("chunk", c.ChunkRecords),
                Concurrency = a.Int("concurrency", c.Concurrency),
                Silos = a.String("silos") is { } silos ? ClusterBenchOptions.ParseSilos(silos) : c.Silos,
                Shards = a.Int("shards", c.Shards),
                ScriptPath = a.String("cluster-script"),
            }, Console.Out).RunAsync();
        }
        if (a.Has("scoring"))
        {
            var s = new ScoringBenchOptions();
            var scoring = s with
            {
                Callers = a.Int("callers", s.Callers),
                CellDuration = TimeSpan.FromMilliseconds(a.Int("cell-ms", (int)s.CellDuration.TotalMilliseconds)),
            };
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
            Console.WriteLine();
            await new ScoringBenchmark(scoring, Console.Out).RunAsync();
            return 0;
        }
        if (a.Has("gpu"))
            return await new GpuBenchmark(TimeSpan.FromMilliseconds(a.Int("cell-ms", 1000)), a.Int("callers", 4), Console.Out).RunAsync();
        if (a.Has("monitors"))
        {
            var m = new BenchOptions();
            await new MonitorsBenchmark(m with { Records = a.Int("records", 100_000) }, a.Int("rounds", 2), Console.Out).RunAsync();
            return 0;
        }
        if (a.Has("subscribers"))
        {
            var b = new BenchOptions();
            return await new SubscribersBenchmark(b with
            {
                Records = a.Int("records", 100_000),
                HalfRateSeconds = a.Int("half-rate-seconds", 10),
                Concurrency = a.Int("concurrency", b.Concurrency),
                ChunkRecords = a.Int("chunk", b.ChunkRecords),
                DataPath = a.String("data"),
            }, Console.Out, a.Int("webhooks", 10), a.Int("sse", 10)).RunAsync();
        }
        if (a.Has("event-hubs") && a.String("event-hubs") is null)
            throw new ArgumentException("--event-hubs takes the namespace connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…)");
        var d = new BenchOptions();
        var options = d with
        {
            Records = a.Int("records", d.Records),
            ChunkRecords = a.Int("chunk", d.ChunkRecords),
            Concurrency = a.Int("concurrency", d.Concurrency),
            OnnxBatch = a.Int("onnx-batch", d.OnnxBatch),
            HalfRateSeconds = a.Int("half-rate-seconds", d.HalfRateSeconds),
            DataPath = a.String("data"),
            Http = a.Has("http"),
            Kafka = a.Has("kafka"),
            EventHubsConnectionString = a.String("event-hubs"),
            EventHubsHub = a.String("event-hub") ?? d.EventHubsHub,
            Shards = a.Int("shards", d.Shards),
        };
        var report = await new PipelineBenchmark(options, Console.Out).RunAsync();
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.Write(report);
        return 0;
    }
}
