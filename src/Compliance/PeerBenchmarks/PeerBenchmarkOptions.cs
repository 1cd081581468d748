namespace Lepton.Monitor.Compliance.PeerBenchmarks;

/// <summary>
/// <c>Lepton:PeerBenchmarks</c>: the privacy parameters of peer benchmark releases. ε per release is spent once per
/// rule kind per UTC day (the release is then reused); the daily budget caps the sum over a day. Every tenant's data
/// is in every release, so the daily budget is each tenant's own per-day ε.
/// </summary>
public sealed class PeerBenchmarkOptions
{
    public const string Section = "Lepton:PeerBenchmarks";

    /// <summary>ε spent by one release (one rule kind, one day); half on the histogram, half on the mean.</summary>
    public decimal EpsilonPerRelease { get; set; } = 0.2m;

    /// <summary>ε a UTC day may spend over all releases.</summary>
    public decimal DailyEpsilon { get; set; } = 2.0m;

    /// <summary>Each tenant's rate is clamped to [0, cap] alerts per 1,000 records: its contribution is bounded.</summary>
    public int RateCapPerThousand { get; set; } = 50;

    /// <summary>The rates' window (records counted from the journal, which keeps this much by default).</summary>
    public int WindowDays { get; set; } = 7;

    /// <summary>Histogram bucket lower edges in alerts per 1,000 records (the last bucket runs to the cap).</summary>
    public int[] BucketEdgesPerThousand { get; set; } = [0, 1, 2, 5, 10, 20];

    public static long ToMicros(decimal epsilon) => (long)Math.Round(epsilon * 1_000_000m, MidpointRounding.ToZero);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (EpsilonPerRelease < 0.001m || EpsilonPerRelease > 10m)
            errors.Add($"{Section}:EpsilonPerRelease: {EpsilonPerRelease} must be in [0.001, 10]");
        if (DailyEpsilon < EpsilonPerRelease)
            errors.Add($"{Section}:DailyEpsilon: {DailyEpsilon} must be at least EpsilonPerRelease");
        if (RateCapPerThousand < 1)
            errors.Add($"{Section}:RateCapPerThousand: must be >= 1");
        if (WindowDays < 1)
            errors.Add($"{Section}:WindowDays: must be >= 1");
        if (BucketEdgesPerThousand.Length == 0 || BucketEdgesPerThousand[0] != 0 || BucketEdgesPerThousand.Zip(BucketEdgesPerThousand.Skip(1)).Any(p => p.Second <= p.First)
            || BucketEdgesPerThousand[^1] >= RateCapPerThousand)
            errors.Add($"{Section}:BucketEdgesPerThousand: must start at 0, ascend, and stay below the cap");
        return errors;
    }
}
