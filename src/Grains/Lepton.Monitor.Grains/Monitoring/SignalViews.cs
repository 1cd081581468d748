using Lepton.Monitor.Contracts;
using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>Maps the drift library's results to the API contract (`GET /v1/drift`).</summary>
public static class SignalViews
{
    public static DriftView ToView(string tenant, string jurisdiction, SignalMonitor monitor)
    {
        var drift = monitor.Drift;
        return new DriftView(tenant, jurisdiction, monitor.ModelId, [.. monitor.FeatureNames], drift?.WindowRecords ?? 0,
            drift?.LastResult is { } last ? ToView(last) : null,
            drift is null ? [] : [.. drift.History.Select(ToEntry)],
            monitor.LastFairness is { } f ? [.. f.Attributes.Select(ToView)] : [],
            monitor.LastFairness?.CheckedAt,
            drift?.SummaryMemoryBytes ?? 0);
    }

    public static DriftCheckView ToView(DriftCheckResult r) => new(
        r.WindowStart, r.CheckedAt, r.WindowRecords, r.DriftedShare, r.DatasetDrift, r.Drifted,
        r.Verdict.ToString().ToLowerInvariant(),
        r.Transition is EpisodeTransition.Started or EpisodeTransition.Continuing,
        ToView(r.Score), [.. r.Features.Select(ToView)],
        r.ScoreStream.AdwinDetections > 0, r.ScoreStream.PageHinkleyDetections > 0);

    public static DriftColumnView ToView(FeatureDriftMetrics m) => new(
        m.Name, m.Records, Finite(m.Psi), Finite(m.KsStatistic), Finite(m.KsPValue, 1), Finite(m.KsMaxError),
        Finite(m.Wasserstein), Finite(m.WassersteinNormed), double.IsNaN(m.JensenShannon) ? null : m.JensenShannon,
        Finite(m.CurrentMean), Finite(m.ReferenceMean), m.Drifted, m.Reasons.ToString(),
        m.Bins?.UpperEdges, m.Bins?.ReferenceShares, m.Bins?.CurrentShares);

    public static FairnessAttributeView ToView(AttributeFairness a) => new(
        a.Attribute,
        [.. a.Groups.Select(g => new FairnessGroupView(g.Group, g.Records, g.Alerted, g.Rate, g.Eligible))],
        a.LowestGroup?.Group, a.HighestGroup?.Group, a.RateRatio, a.ParityDifference, a.Finding);

    private static DriftHistoryEntry ToEntry(DriftHistoryPoint p) => new(
        p.CheckedAt, p.WindowRecords, p.DriftedShare, p.DatasetDrift, p.Drifted, Finite(p.ScorePsi), Finite(p.ScoreKsPValue, 1),
        Finite(p.ScoreWassersteinNormed), [.. p.FeaturePsi.Select(FiniteF)], [.. p.FeatureWassersteinNormed.Select(FiniteF)], [.. p.DriftedFeatures]);

    // JSON has no NaN: an empty window's statistics become neutral values instead of failing the answer.
    private static double Finite(double value, double fallback = 0) => double.IsFinite(value) ? value : fallback;

    private static float FiniteF(float value) => float.IsFinite(value) ? value : 0;
}
