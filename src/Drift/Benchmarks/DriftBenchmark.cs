using System.Diagnostics;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Summaries;

namespace Lepton.Monitor.Drift.Benchmarks;

/// <summary>
/// The cost of drift monitoring on the scoring hot path, for `lepton bench`: a monitor with model-card-like references
/// (13 quantile levels, a third of the features 0/1 flags) fed seeded synthetic rows one at a time and in batches of
/// 256, then checked. Deterministic input; times are wall-clock on the calling thread.
/// </summary>
public static class DriftBenchmark
{
    private static readonly double[] Levels = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

    public static DriftBenchmarkResult Run(int features = 30, int records = 200_000, int batchSize = 256)
    {
        if (features < 1 || records < 1 || batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(records), "features, records and batch size must be positive");
        var references = new List<FeatureReference>(features);
        for (var f = 0; f < features; f++)
            references.Add(new FeatureReference($"f{f}", f % 3 == 2 ? Flag(0.1 + 0.02 * (f % 10)) : Normal(f * 0.5, 1 + f % 4)));
        var set = new DriftReferenceSet(references, Normal(0.3, 0.1, 0, 1));
        var options = new DriftMonitorOptions { CheckEveryRecords = int.MaxValue };

        var rng = new Random(20261123);
        var rows = new float[records * features];
        var scores = new double[records];
        for (var r = 0; r < records; r++)
        {
            for (var f = 0; f < features; f++)
                rows[r * features + f] = f % 3 == 2 ? (rng.NextDouble() < 0.1 + 0.02 * (f % 10) ? 1f : 0f) : (float)(f * 0.5 + (1 + f % 4) * Gaussian(rng));
            scores[r] = Math.Clamp(0.3 + 0.1 * Gaussian(rng), 0, 1);
        }

        // Warm up the JIT on a small monitor, then time.
        var warm = new DriftMonitor(set, options);
        for (var r = 0; r < Math.Min(records, 2_000); r++)
            warm.Observe(rows.AsSpan(r * features, features), scores[r]);
        warm.ObserveBatch(rows.AsSpan(0, Math.Min(records, batchSize) * features), scores.AsSpan(0, Math.Min(records, batchSize)));
        warm.Check();

        var single = new DriftMonitor(set, options);
        var sw = Stopwatch.StartNew();
        for (var r = 0; r < records; r++)
            single.Observe(rows.AsSpan(r * features, features), scores[r]);
        var observeNs = sw.Elapsed.TotalNanoseconds / records;

        var batched = new DriftMonitor(set, options);
        sw.Restart();
        for (var start = 0; start < records; start += batchSize)
        {
            var n = Math.Min(batchSize, records - start);
            batched.ObserveBatch(rows.AsSpan(start * features, n * features), scores.AsSpan(start, n));
        }
        var batchNs = sw.Elapsed.TotalNanoseconds / records;

        const int checks = 20;
        var snapshotBytes = 0;
        double checkUs = 0;
        for (var i = 0; i < checks; i++)
        {
            var monitor = new DriftMonitor(set, options);
            monitor.Restore(batched.Snapshot());
            sw.Restart();
            monitor.Check();
            checkUs += sw.Elapsed.TotalMicroseconds;
            snapshotBytes = monitor.Snapshot().Length;
        }
        return new DriftBenchmarkResult(features, records, observeNs, batchNs, checkUs / checks, batched.SummaryMemoryBytes, snapshotBytes);
    }

    private static ReferenceDistribution Normal(double mean, double std, double? min = null, double? max = null)
    {
        var values = Levels.Select(p => mean + std * NormalQuantile(p)).ToArray();
        return ReferenceDistribution.FromQuantiles(Levels, values, mean, std, min ?? mean - 5 * std, max ?? mean + 5 * std, 240_000);
    }

    private static ReferenceDistribution Flag(double rate) =>
        ReferenceDistribution.FromQuantiles(Levels, Levels.Select(p => p > 1 - rate ? 1.0 : 0.0).ToArray(), rate, Math.Sqrt(rate * (1 - rate)), 0, 1, 240_000);

    internal static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Inverse standard normal CDF (Acklam's rational approximation, ~1e-9).</summary>
    internal static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
