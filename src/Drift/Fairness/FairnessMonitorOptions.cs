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

    /// <summary>
    /// …and only when the gap is statistically significant too: the two-proportion z statistic of the highest against the
    /// lowest group must reach this (EEOC practice beside the four-fifths rule: a disparity of two or more standard
    /// deviations). At alert rates of a few percent, hundreds of records per group break four-fifths by chance alone.
    /// </summary>
    public double MinimumZScore { get; init; } = 2.0;

    /// <summary>
    /// The attributes watched (matched case-insensitively); every other attribute a record carries is ignored. Only
    /// attributes known to be sensitive (protected characteristics or their proxies) belong here: clients send whatever
    /// attributes they like, and comparing alert rates across an arbitrary one is noise, not fairness.
    /// </summary>
    public IReadOnlyCollection<string> SensitiveAttributes { get; init; } = DefaultSensitiveAttributes;

    /// <summary>The default list: the protected characteristics the demo and generator use or clients commonly send.</summary>
    public static IReadOnlyList<string> DefaultSensitiveAttributes { get; } = ["ageBand", "gender", "ethnicity"];

    /// <summary>Distinct groups tracked per attribute; further values are pooled as <see cref="FairnessMonitor.OtherGroup"/>.</summary>
    public int MaxGroupsPerAttribute { get; init; } = 32;

    /// <summary>Distinct sensitive attributes tracked at most (a bound on memory, whatever the configured list holds).</summary>
    public int MaxAttributes { get; init; } = 8;

    /// <summary>Consecutive checks without a finding that end an attribute's episode.</summary>
    public int CleanChecksToResolve { get; init; } = DriftMonitorDefaults.CleanChecksToResolve;
}
