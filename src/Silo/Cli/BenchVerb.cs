using Lepton.Monitor.Silo.Bench;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton bench`: throughput and ingest-to-alert latency of the in-process pipeline, with the raw limits beside it.</summary>
public sealed class BenchVerb : IVerb
{
    public string Name => "bench";
    public string Summary => "measure records/s and ingest-to-alert latency of the pipeline against its raw limits";
    public string Usage => """
        usage: lepton bench [--records N] [--chunk N] [--concurrency N] [--onnx-batch N] [--half-rate-seconds N] [--data DIR]

        In one process and one run: raw parse+validate (1 thread), raw batched ONNX Run on pre-built tensors,
        then N generated records through the all-in-one pipeline (ingest → journal → grains → scoring → rules →
        alert store, no HTTP) submitted in chunks by concurrent submitters; then a paced run at half the measured
        rate for ingest-to-alert p50/p99. Defaults: 200,000 records, chunks of 5,000, 4 submitters, ONNX batch 4,096.
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "records", "chunk", "concurrency", "onnx-batch", "half-rate-seconds", "data");
        var d = new BenchOptions();
        var options = d with
        {
            Records = a.Int("records", d.Records),
            ChunkRecords = a.Int("chunk", d.ChunkRecords),
            Concurrency = a.Int("concurrency", d.Concurrency),
            OnnxBatch = a.Int("onnx-batch", d.OnnxBatch),
            HalfRateSeconds = a.Int("half-rate-seconds", d.HalfRateSeconds),
            DataPath = a.String("data"),
        };
        var report = await new PipelineBenchmark(options, Console.Out).RunAsync();
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.Write(report);
        return 0;
    }
}
