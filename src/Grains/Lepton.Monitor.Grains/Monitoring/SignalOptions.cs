using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>Drift and fairness settings of the monitor grains (section <c>Lepton:Signals</c>).</summary>
public sealed class SignalOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// What "normal" is: <c>model-card</c> (the card's training baseline) or <c>first-window</c> (the first
    /// <see cref="CheckEveryRecords"/> records each monitor sees, for data that is known to differ from training).
    /// </summary>
    public string Reference { get; set; } = ModelCardReference;

    public const string ModelCardReference = "model-card";
    public const string FirstWindowReference = "first-window";

    /// <summary>
    /// Comma-separated tenants whose monitors learn a first-window reference whatever <see cref="Reference"/> says: tenants
    /// whose data is known not to follow the model's training distribution (the built-in demo tenant is added by the host).
    /// </summary>
    public string FirstWindowTenants { get; set; } = "";

    /// <summary>Whether the monitors of <paramref name="tenant"/> learn their reference from their first window.</summary>
    public bool LearnsFirstWindow(string tenant) =>
        Reference == FirstWindowReference
        || FirstWindowTenants.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(tenant, StringComparer.Ordinal);

    /// <summary>
    /// Comma-separated features not monitored. Time-of-day and weekday features follow daily and weekly cycles: any
    /// window shorter than a week differs from the training distribution by construction, so they would drift at every
    /// check. (A string, not an array: configuration binding would merge an array with its default.)
    /// </summary>
    public string Ignore { get; set; } = "hourSin,hourCos,weekend";

    public IReadOnlyCollection<string> IgnoredFeatures =>
        Ignore.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Check the window every this many records…</summary>
    public int CheckEveryRecords { get; set; } = 10_000;

    /// <summary>…or after this long when the window holds at least <see cref="MinimumRecords"/>.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fewer records in a window make a check inconclusive (neither starts nor ends an episode).</summary>
    public int MinimumRecords { get; set; } = 100;

    public double PsiThreshold { get; set; } = 0.2;
    public double KsPValueThreshold { get; set; } = 0.05;
    public double WassersteinNormedThreshold { get; set; } = 0.1;
    public double JensenShannonThreshold { get; set; } = 0.1;

    /// <summary>Consecutive clean checks that end a drift or fairness episode (and resolve its alert).</summary>
    public int CleanChecksToResolve { get; set; } = 3;

    /// <summary>Fairness window length in records (sliding in tenths).</summary>
    public int FairnessWindowRecords { get; set; } = 100_000;

    /// <summary>A group is compared only with at least this many records in the window.</summary>
    public int FairnessMinimumRecordsPerGroup { get; set; } = 1_000;

    /// <summary>The four-fifths rule.</summary>
    public double FairnessMinimumRateRatio { get; set; } = 0.8;

    /// <summary>A four-fifths gap alarms only when its two-proportion z statistic reaches this (two standard deviations).</summary>
    public double FairnessMinimumZScore { get; set; } = 2.0;

    /// <summary>
    /// Comma-separated record attributes whose groups fairness compares, for tenants without their own list in
    /// <see cref="TenantSensitiveAttributes"/>. The default is the protected characteristics Lepton's demo and generator
    /// use or clients commonly send (<c>ageBand,gender,ethnicity</c>); any other attribute a client sends is ignored.
    /// Empty: fairness watches nothing.
    /// </summary>
    public string SensitiveAttributes { get; set; } = string.Join(",", FairnessMonitorOptions.DefaultSensitiveAttributes);

    /// <summary>
    /// Per tenant, its own comma-separated sensitive attributes (<c>Lepton:Signals:TenantSensitiveAttributes:acme =
    /// "ageBand,disability"</c>; an empty value watches nothing), replacing <see cref="SensitiveAttributes"/>.
    /// </summary>
    public Dictionary<string, string> TenantSensitiveAttributes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The attributes fairness watches for <paramref name="tenant"/>.</summary>
    public IReadOnlyCollection<string> SensitiveAttributesOf(string? tenant) =>
        (tenant is not null && TenantSensitiveAttributes.TryGetValue(tenant, out var own) ? own ?? "" : SensitiveAttributes)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public DriftMonitorOptions ToDriftOptions() => new()
    {
        CheckEveryRecords = CheckEveryRecords,
        CheckInterval = CheckInterval,
        MinimumRecordsForDecision = MinimumRecords,
        PsiThreshold = PsiThreshold,
        KsPValueThreshold = KsPValueThreshold,
        WassersteinNormedThreshold = WassersteinNormedThreshold,
        JensenShannonThreshold = JensenShannonThreshold,
        CleanChecksToResolve = CleanChecksToResolve,
    };

    /// <param name="tenant">Whose sensitive attributes to watch (null: the default list).</param>
    public FairnessMonitorOptions ToFairnessOptions(string? tenant = null) => new()
    {
        WindowRecords = FairnessWindowRecords,
        MinimumRecordsPerGroup = FairnessMinimumRecordsPerGroup,
        MinimumRateRatio = FairnessMinimumRateRatio,
        MinimumZScore = FairnessMinimumZScore,
        SensitiveAttributes = SensitiveAttributesOf(tenant),
        CleanChecksToResolve = CleanChecksToResolve,
    };
}
