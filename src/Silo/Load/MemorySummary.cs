namespace Lepton.Monitor.Silo.Load;

/// <summary>First, lowest, highest and last value of one memory series of a run (bytes).</summary>
public sealed record MemorySummary(double First, double Min, double Max, double Last)
{
    public static MemorySummary? Of(IEnumerable<double?> series)
    {
        var values = series.Where(v => v is not null).Select(v => v!.Value).ToList();
        return values.Count == 0 ? null : new MemorySummary(values[0], values.Min(), values.Max(), values[^1]);
    }

    public override string ToString() => $"first {Mb(First)}, min {Mb(Min)}, max {Mb(Max)}, last {Mb(Last)}";

    public static string Mb(double bytes) => $"{bytes / (1024 * 1024):F0} MiB";
}
