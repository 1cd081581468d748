using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Drift.Fairness;

/// <summary>
/// Window and rule of a <see cref="FairnessMonitor"/>. The window is a ring of <see cref="Buckets"/> buckets, so it
/// slides in steps of 1/Buckets of its length: a count window covers between (Buckets−1)/Buckets·N and N records, a
/// time window between (Buckets−1)/Buckets·T and T.
/// </summary>
public sealed record FairnessMonitorOptions
{
    public FairnessWindowKind WindowKind { get; init; } = FairnessWindowKind.Count;

    /// <summary>Length of a count window, in records.</summary>
    public int WindowRecords { get; init; } = 100_000;

    /// <summary>Length of a time window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(1);

    public int Buckets { get; init; } = 10;

    /// <summary>
    /// A group is compared only with at least this many records in the window: at alert rates of a few percent, smaller
    /// groups produce ratios under 0.8 by chance alone.
    /// </summary>
    public int MinimumRecordsPerGroup { get; init; } = 1_000;

    /// <summary>The four-fifths rule: a finding when lowest / highest group alert rate is below this.</summary>
    public double MinimumRateRatio { get; init; } = 0.8;

    /// <summary>Distinct groups tracked per attribute; further values are pooled as <see cref="FairnessMonitor.OtherGroup"/>.</summary>
    public int MaxGroupsPerAttribute { get; init; } = 32;

    /// <summary>Distinct attributes tracked; further attributes are ignored (attributes come from untrusted records).</summary>
    public int MaxAttributes { get; init; } = 8;

    /// <summary>Consecutive checks without a finding that end an attribute's episode.</summary>
    public int CleanChecksToResolve { get; init; } = DriftMonitorDefaults.CleanChecksToResolve;
}
