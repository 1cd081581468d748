using System.Diagnostics;
using System.Globalization;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// `lepton bench --gpu`: the cuBLASLt backend against ONNX Runtime CPU in one run, for the shipped MLP and a
/// 1,071,105-parameter MLP (19 → 1024 → 1024 → 1) at batch 512, 4,096 and 65,536: raw backend with copies and without
/// (device-resident input), TF32, ONNX Runtime CPU on 2 threads, and the product's batching service on Device=cublas
/// fed pre-built rows by concurrent callers. Needs an NVIDIA GPU; elsewhere it says why and exits 1.
/// </summary>
public sealed class GpuBenchmark(TimeSpan cell, int callers, TextWriter output)
{
    private static readonly int[] Batches = [512, 4096, 65536];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<int> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "lepton-gpu-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "onnx", ScoringOptions.DefaultModelFileName);
            var large = WriteLargeMlp(folder, shipped);
            foreach (var path in new[] { shipped, large })
            {
                if (!await MeasureModelAsync(path))
                    return 1;
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<bool> MeasureModelAsync(string path)
    {
        var graph = DenseGraphReader.Read(path);
        CublasLtBackend fp32, tf32;
        try
        {
            fp32 = CublasLtBackend.Create(graph, Batches[^1]);
            tf32 = CublasLtBackend.Create(graph, Batches[^1], tf32: true);
        }
        catch (GpuUnavailableException e)
        {
            output.WriteLine($"no GPU benchmark: {e.Message}");
            return false;
        }
        using var _1 = fp32;
        using var _2 = tf32;
        using var cpu = new RawOnnxRunner(path, new ScoringOptions { Device = ScoringDevice.Cpu, IntraOpThreads = 2 });
        output.WriteLine($"## {Path.GetFileNameWithoutExtension(path)}: {graph.ParameterCount:N0} parameters on {fp32.GpuName}");
        output.WriteLine(string.Create(Inv, $"parity with ONNX Runtime CPU on {ParityProbe.Rows} rows: fp32 max |Δ| {ParityProbe.MaxDifference(fp32, cpu):G3}, TF32 {ParityProbe.MaxDifference(tf32, cpu):G3}"));
        output.WriteLine();
        output.WriteLine("| batch | cuBLASLt fp32 with copies | fp32 without copies | TF32 with copies | ONNX Runtime CPU, 2 threads | service on cublas (pre-built rows) | service / raw fp32 | fp32 / CPU |");
        output.WriteLine("|---|---|---|---|---|---|---|---|");

        var features = Tile(ParityProbe.Features(), Batches[^1] * FeatureExtractor.FeatureCount);
        var scores = new float[Batches[^1]];
        foreach (var batch in Batches)
        {
            var withCopies = Measure(() => fp32.Run(features, batch, scores), batch);
            var resident = Measure(() => fp32.RunResident(batch), batch);
            var tensor = Measure(() => tf32.Run(features, batch, scores), batch);
            var onCpu = Measure(() => cpu.Run(features, batch, scores), batch);
            var service = await MeasureServiceAsync(path, features, batch);
            output.WriteLine(string.Create(Inv,
                $"| {batch:N0} | {Rate(withCopies)} | {Rate(resident)} | {Rate(tensor)} | {Rate(onCpu)} | {Rate(service)} | {service / withCopies:P0} | {withCopies / onCpu:0.0}× |"));
        }
        output.WriteLine();
        return true;
    }

    private async Task<double> MeasureServiceAsync(string path, float[] features, int batch)
    {
        var options = new ScoringOptions { ModelPath = path, Device = ScoringDevice.Cublas, MaxBatchSize = Batches[^1], MaxWait = TimeSpan.Zero };
        await using var service = new OnnxScoringService(options, FixedRateCurrencyConverter.Default);
        var rows = new ReadOnlyMemory<float>(features, 0, batch * FeatureExtractor.FeatureCount);
        async Task<long> RunAsync(TimeSpan duration)
        {
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long done = 0;
            await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                long mine = 0;
                while (Stopwatch.GetTimestamp() < stopAt)
                {
                    await service.ScoreFeaturesAsync(rows);
                    mine += batch;
                }
                Interlocked.Add(ref done, mine);
            })));
            return done;
        }
        await RunAsync(TimeSpan.FromMilliseconds(200));
        var started = Stopwatch.GetTimestamp();
        var total = await RunAsync(cell);
        return total / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private double Measure(Action run, int rows)
    {
        for (var i = 0; i < 3; i++)
            run(); // plans, heuristics and JIT
        long done = 0;
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(cell.TotalSeconds * Stopwatch.Frequency);
        do
        {
            run();
            done += rows;
        } while (Stopwatch.GetTimestamp() < stopAt);
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Writes the 1M-parameter MLP with the shipped model's card (renamed), so the service serves it like any model.</summary>
    private static string WriteLargeMlp(string folder, string shipped)
    {
        const string name = "lepton-bench-mlp1m", version = "0.0.1";
        var path = Path.Combine(folder, $"{name}-{version}.onnx");
        DenseOnnxWriter.Write(DenseOnnxWriter.RandomMlp(FeatureExtractor.FeatureCount, [1024, 1024], seed: 20261122), name, version, path);
        var card = ModelCard.Load(ModelCard.PathFor(shipped)) with { Name = name, Version = version };
        card.Save(ModelCard.PathFor(path));
        return path;
    }

    private static float[] Tile(float[] source, int length)
    {
        var tiled = GC.AllocateUninitializedArray<float>(length, pinned: true);
        for (var i = 0; i < length; i += source.Length)
            source.AsSpan(0, Math.Min(source.Length, length - i)).CopyTo(tiled.AsSpan(i));
        return tiled;
    }

    private static string Rate(double perSecond) => perSecond >= 1e6 ? (perSecond / 1e6).ToString("0.00", Inv) + "M" : perSecond.ToString("N0", Inv);
}
