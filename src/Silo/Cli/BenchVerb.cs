using Lepton.Monitor.Silo.Bench;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton bench`: throughput and ingest-to-alert latency of the in-process pipeline, with the raw limits beside it.</summary>
public sealed class BenchVerb : IVerb
{
    public string Name => "bench";
    public string Summary => "measure records/s and ingest-to-alert latency of the pipeline against its raw limits";
    public string Usage => """
        usage: lepton bench [--records N] [--chunk N] [--concurrency N] [--onnx-batch N] [--half-rate-seconds N] [--data DIR]
                           [--http] [--kafka]

        In one process and one run: raw parse+validate (1 thread), raw batched ONNX Run on pre-built tensors,
        then N generated records through the all-in-one pipeline (ingest → journal → grains → scoring → rules →
        alert store, no HTTP) submitted in chunks by concurrent submitters; then a paced run at half the measured
        rate for ingest-to-alert p50/p99. Defaults: 200,000 records, chunks of 5,000, 4 submitters, ONNX batch 4,096.

        --http: also POST the same number of records over loopback HTTP (NDJSON chunks, the submitters as posters)
        to the bench host, measured to all processed. --kafka: also, on librdkafka's in-process mock cluster (3
        brokers, 4 partitions), produce N records to a fresh topic, read them with a plain consumer (consume-only),
        then consume them with a fresh host until all are processed (the Kafka path); ratios are printed.
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "records", "chunk", "concurrency", "onnx-batch", "half-rate-seconds", "data", "http", "kafka");
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
        };
        var report = await new PipelineBenchmark(options, Console.Out).RunAsync();
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.Write(report);
        return 0;
    }
}
