using System.Diagnostics;
using System.Globalization;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Scoring;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// `lepton bench --scoring`: for each shipped model family, in one process, (1) raw ONNX Run on pre-built tensors by
/// batch size, with fresh OrtValues per Run and with reused bound tensors; (2) one Run per record (features included);
/// (3) the batching service with concurrent callers over a grid of caller batch size × MaxWait, rows/s and per-call
/// p50/p99; (4) the service at batch 512 as a share of raw Run at 512, and the service with and without reused tensors.
/// </summary>
public sealed class ScoringBenchmark(ScoringBenchOptions options, TextWriter output)
{
    private const int RawBatch = 512;
    private static readonly int[] RawBatches = [1, 8, 64, 512, 4096];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task RunAsync()
    {
        var records = new SyntheticTransactionGenerator(seed: 1).Generate(8_192).Select(l => l.Record).ToArray();
        var folder = Path.GetDirectoryName(new ScoringOptions().ModelPath)!;
        foreach (var file in new[] { ScoringOptions.DefaultModelFileName, "lepton-risk-gbdt-1.0.0.onnx" })
            await RunFamilyAsync(Path.Combine(folder, file), records);
    }

    private async Task RunFamilyAsync(string modelPath, MonitoredRecord[] records)
    {
        var card = ModelCard.Load(ModelCard.PathFor(modelPath));
        output.WriteLine($"## {card.ModelId} ({card.Family}), {options.Callers} concurrent callers, {options.CellDuration.TotalMilliseconds:0} ms per cell");
        output.WriteLine();

        // 1. Raw Run on pre-built tensors.
        var features = GC.AllocateUninitializedArray<float>(4096 * FeatureExtractor.FeatureCount, pinned: true);
        var extractor = new FeatureExtractor(FixedRateCurrencyConverter.Default);
        for (var r = 0; r < 4096; r++)
            extractor.Extract(records[r], features.AsSpan(r * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount));
        var scores = GC.AllocateUninitializedArray<float>(4096, pinned: true);
        // Warm-up: run every measured path long enough for tiered JIT to promote it, so early cells are not tier-0 code.
        using (var warm = new RawOnnxRunner(modelPath, new ScoringOptions { Device = ScoringDevice.Cpu, ReuseBoundTensors = false }))
        {
            var w = 0;
            Measure(() => extractor.Extract(records[w++ & 4095], features.AsSpan(0, FeatureExtractor.FeatureCount)), 1, TimeSpan.FromMilliseconds(300));
            Measure(() => warm.Run(features, 8, scores), 8, TimeSpan.FromMilliseconds(150));
        }
        await MeasureServiceAsync(modelPath, records, 64, 0);

        // Fresh vs reused tensors measured in alternating short rounds and summarised by the median, so load from other
        // processes on a shared machine hits both alike.
        var raw = new Dictionary<(int Batch, string Mode), double>();
        using (var fresh = new RawOnnxRunner(modelPath, new ScoringOptions { Device = ScoringDevice.Cpu, ReuseBoundTensors = false }))
        using (var bound = new RawOnnxRunner(modelPath, new ScoringOptions { Device = ScoringDevice.Cpu, ReuseBoundTensors = true }))
        {
            foreach (var batch in RawBatches)
                (raw[(batch, "fresh")], raw[(batch, "reused")]) = Alternate(() => fresh.Run(features, batch, scores), () => bound.Run(features, batch, scores), batch);
        }
        output.WriteLine("| raw Run, rows/s by batch | " + string.Join(" | ", RawBatches) + " |");
        output.WriteLine("|---|" + string.Concat(RawBatches.Select(_ => "---|")));
        output.WriteLine("| fresh OrtValues + Run | " + string.Join(" | ", RawBatches.Select(b => Rate(raw[(b, "fresh")]))) + " |");
        output.WriteLine("| reused bound tensors + IOBinding | " + string.Join(" | ", RawBatches.Select(b => Rate(raw[(b, "reused")]))) + " |");
        output.WriteLine("| reused / fresh | " + string.Join(" | ", RawBatches.Select(b => Ratio(raw[(b, "reused")] / raw[(b, "fresh")]))) + " |");
        output.WriteLine();
        var rawAt512 = raw[(RawBatch, "reused")];

        // 2. One Run per record, features included: what scoring without batching costs.
        double perRecord;
        using (var runner = new RawOnnxRunner(modelPath, new ScoringOptions { Device = ScoringDevice.Cpu }))
        {
            var one = GC.AllocateUninitializedArray<float>(FeatureExtractor.FeatureCount, pinned: true);
            var oneScore = GC.AllocateUninitializedArray<float>(1, pinned: true);
            var next = 0;
            perRecord = Measure(() =>
            {
                extractor.Extract(records[next++ & 8191], one);
                runner.Run(one, 1, oneScore);
            }, 1);
        }

        // 2b. Featurisation alone, and featurisation + Run at 512: the work the service's loop does per batch, without queueing.
        var extracted = 0;
        var extractOnly = Measure(() =>
        {
            var r = extracted++ & 4095;
            extractor.Extract(records[r], features.AsSpan(r * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount));
        }, 1);
        double extractAndRun;
        using (var runner = new RawOnnxRunner(modelPath, new ScoringOptions { Device = ScoringDevice.Cpu }))
        {
            var offset = 0;
            extractAndRun = Measure(() =>
            {
                for (var r = 0; r < RawBatch; r++)
                    extractor.Extract(records[(offset + r) & 8191], features.AsSpan(r * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount));
                offset += RawBatch;
                runner.Run(features, RawBatch, scores);
            }, RawBatch);
        }
        output.WriteLine("| single thread, rows/s | value |");
        output.WriteLine("|---|---|");
        output.WriteLine($"| FeatureExtractor.Extract only | {Rate(extractOnly)} |");
        output.WriteLine($"| extract {RawBatch} records + one Run of {RawBatch} (the loop's work, no queue) | {Rate(extractAndRun)} |");
        output.WriteLine($"| extract 1 record + one Run of 1, per record | {Rate(perRecord)} |");
        output.WriteLine();

        // 3. The batching service grid.
        output.WriteLine("| service: caller batch × MaxWait | rows/s | call p50 ms | call p99 ms |");
        output.WriteLine("|---|---|---|---|");
        var grid = new Dictionary<(int Batch, int DelayMs), ServiceCell>();
        foreach (var batch in options.BatchSizes)
        {
            foreach (var delay in options.MaxDelaysMs)
            {
                var cell = await MeasureServiceAsync(modelPath, records, batch, delay);
                grid[(batch, delay)] = cell;
                output.WriteLine($"| {batch} × {delay} ms | {Rate(cell.RowsPerSecond)} | {Ms(cell.P50Ms)} | {Ms(cell.P99Ms)} |");
            }
        }
        output.WriteLine();

        // 4. Ratios, all from this run.
        var best512 = options.MaxDelaysMs.Select(d => grid.GetValueOrDefault((RawBatch, d))).Where(c => c is not null).MaxBy(c => c!.RowsPerSecond);
        var bestAny = grid.Values.MaxBy(c => c.RowsPerSecond)!;
        static void Fresh(ScoringOptions o) => o.ReuseBoundTensors = false;
        var prebuilt512 = await MeasurePrebuiltServiceAsync(modelPath, features, RawBatch);
        var (fresh512, bound512) = await AlternateServiceAsync(modelPath, records, RawBatch, Fresh);
        var (fresh1, bound1) = await AlternateServiceAsync(modelPath, records, 1, Fresh);
        output.WriteLine("| ratio | value |");
        output.WriteLine("|---|---|");
        if (best512 is not null)
            output.WriteLine($"| service at batch {RawBatch} (best MaxWait) / raw Run at {RawBatch} (reused tensors) | {Percent(best512.RowsPerSecond / rawAt512)} |");
        output.WriteLine($"| service on pre-built rows (ScoreFeaturesAsync) at batch {RawBatch} × 0 ms / raw Run at {RawBatch}: the batcher's own cost (target ≥ 80 %) | {Percent(prebuilt512 / rawAt512)} ({Rate(prebuilt512)} vs {Rate(rawAt512)} rows/s) |");
        if (best512 is not null)
            output.WriteLine($"| service at batch {RawBatch} (best MaxWait) / extract + Run at {RawBatch} on one thread | {Percent(best512.RowsPerSecond / extractAndRun)} |");
        output.WriteLine($"| best service cell ({bestAny.Batch} × {bestAny.DelayMs} ms) / one Run per record | {Ratio(bestAny.RowsPerSecond / perRecord)} ({Rate(bestAny.RowsPerSecond)} vs {Rate(perRecord)} rows/s) |");
        if (grid.TryGetValue((1, 0), out var single))
            output.WriteLine($"| service, callers sending 1 record (0 ms) / one Run per record | {Ratio(single.RowsPerSecond / perRecord)} |");
        output.WriteLine($"| service batch {RawBatch} × 0 ms: reused / fresh tensors | {Ratio(bound512 / fresh512)} ({Rate(bound512)} vs {Rate(fresh512)}) |");
        output.WriteLine($"| service batch 1 × 0 ms: reused / fresh tensors | {Ratio(bound1 / fresh1)} ({Rate(bound1)} vs {Rate(fresh1)}) |");
        output.WriteLine();
    }

    /// <summary>Median rows/s of <paramref name="a"/> and <paramref name="b"/> over 7 alternating rounds.</summary>
    private (double A, double B) Alternate(Action a, Action b, int rows)
    {
        const int rounds = 7;
        var ra = new double[rounds];
        var rb = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            ra[i] = Measure(a, rows, options.CellDuration / rounds);
            rb[i] = Measure(b, rows, options.CellDuration / rounds);
        }
        return (Median(ra), Median(rb));
    }

    /// <summary>Median service rows/s at batch × 0 ms with <paramref name="change"/> applied and with the defaults, 3 alternating rounds each.</summary>
    private async Task<(double Changed, double Default)> AlternateServiceAsync(string modelPath, MonitoredRecord[] records, int batch, Action<ScoringOptions> change)
    {
        var changed = new double[3];
        var defaults = new double[3];
        for (var i = 0; i < 3; i++)
        {
            changed[i] = (await MeasureServiceAsync(modelPath, records, batch, 0, change)).RowsPerSecond;
            defaults[i] = (await MeasureServiceAsync(modelPath, records, batch, 0)).RowsPerSecond;
        }
        return (Median(changed), Median(defaults));
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Rows per second of <paramref name="action"/> (each call = <paramref name="rows"/> rows), after a warm-up.</summary>
    private double Measure(Action action, int rows, TimeSpan? duration = null)
    {
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        while (Stopwatch.GetTimestamp() < warmUntil) action();
        var started = Stopwatch.GetTimestamp();
        var seconds = (duration ?? options.CellDuration / 2).TotalSeconds;
        long done = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            action();
            done += rows;
        }
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private async Task<ServiceCell> MeasureServiceAsync(string modelPath, MonitoredRecord[] records, int batch, int delayMs, Action<ScoringOptions>? change = null)
    {
        var scoring = new ScoringOptions
        {
            ModelPath = modelPath,
            Device = ScoringDevice.Cpu,
            MaxWait = TimeSpan.FromMilliseconds(delayMs),
        };
        change?.Invoke(scoring);
        await using var service = new OnnxScoringService(scoring, FixedRateCurrencyConverter.Default);
        var slices = Enumerable.Range(0, Math.Max(1, records.Length / batch))
            .Select(i => (IReadOnlyList<MonitoredRecord>)new ArraySegment<MonitoredRecord>(records, i * batch % (records.Length - batch + 1), batch))
            .ToArray();

        // Warm-up, then the measured window; every caller keeps its own latencies.
        await RunCallersAsync(service, slices, TimeSpan.FromMilliseconds(100), null);
        var latencies = Enumerable.Range(0, options.Callers).Select(_ => new List<double>()).ToArray();
        var started = Stopwatch.GetTimestamp();
        var rows = await RunCallersAsync(service, slices, options.CellDuration, latencies);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new ServiceCell(batch, delayMs, rows / seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Rows/s through <see cref="OnnxScoringService.ScoreFeaturesAsync"/>: the callers send ready tensors, as to an inference server.</summary>
    private async Task<double> MeasurePrebuiltServiceAsync(string modelPath, float[] features, int batch)
    {
        var scoring = new ScoringOptions { ModelPath = modelPath, Device = ScoringDevice.Cpu, MaxWait = TimeSpan.Zero };
        await using var service = new OnnxScoringService(scoring, FixedRateCurrencyConverter.Default);
        var rows = new ReadOnlyMemory<float>(features, 0, batch * FeatureExtractor.FeatureCount);
        async Task<long> RunAsync(TimeSpan duration)
        {
            var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            long done = 0;
            await Task.WhenAll(Enumerable.Range(0, options.Callers).Select(_ => Task.Run(async () =>
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
        await RunAsync(TimeSpan.FromMilliseconds(100));
        var started = Stopwatch.GetTimestamp();
        var total = await RunAsync(options.CellDuration);
        return total / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private async Task<long> RunCallersAsync(OnnxScoringService service, IReadOnlyList<MonitoredRecord>[] slices, TimeSpan duration, List<double>[]? latencies)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long rows = 0;
        await Task.WhenAll(Enumerable.Range(0, options.Callers).Select(caller => Task.Run(async () =>
        {
            var i = caller;
            long mine = 0;
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var slice = slices[i++ % slices.Length];
                var begun = Stopwatch.GetTimestamp();
                await service.ScoreAsync(slice);
                latencies?[caller].Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                mine += slice.Count;
            }
            Interlocked.Add(ref rows, mine);
        })));
        return rows;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Rate(double perSecond) => perSecond.ToString("N0", Inv);
    private static string Ms(double ms) => ms.ToString(ms < 10 ? "0.000" : "0.0", Inv);
    private static string Ratio(double ratio) => ratio.ToString("0.00", Inv) + "×";
    private static string Percent(double ratio) => ratio.ToString("P0", Inv);

    private sealed record ServiceCell(int Batch, int DelayMs, double RowsPerSecond, double P50Ms, double P99Ms);
}
