using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Grains;

/// <summary>
/// Drift values as gauges on the grains' meter: <c>lepton.drift.psi</c> per monitored feature (and <c>score</c>, the
/// model's score) of each (tenant, jurisdiction), as its last check computed it. Cardinality is bounded by the
/// configured features of the monitors this silo has run; the value stays until the next check replaces it. No unit:
/// a dimensionless gauge with unit "1" gains a "_ratio" suffix in Prometheus, and a PSI is not a ratio.
/// </summary>
public static class DriftTelemetry
{
    public const string ScoreFeature = "score";

    private static readonly ConcurrentDictionary<(string Tenant, string Jurisdiction, string Feature), double> Psi = new();

    public static readonly ObservableGauge<double> PsiGauge = MonitorTelemetry.Meter.CreateObservableGauge("lepton.drift.psi", ObservePsi,
        unit: null, description: "Population stability index of a monitored feature (feature=score: the model's score) at the last drift check, by tenant and jurisdiction");

    /// <summary>Keeps a check's PSI values (a no-op when the check ran no drift part).</summary>
    public static void Report(string tenant, string jurisdiction, DriftCheckResult? drift)
    {
        if (drift is null)
            return;
        foreach (var feature in drift.Features)
            Psi[(tenant, jurisdiction, feature.Name)] = feature.Psi;
        Psi[(tenant, jurisdiction, ScoreFeature)] = drift.Score.Psi;
    }

    private static IEnumerable<Measurement<double>> ObservePsi()
    {
        foreach (var ((tenant, jurisdiction, feature), psi) in Psi)
        {
            if (double.IsFinite(psi))
                yield return new Measurement<double>(psi, new KeyValuePair<string, object?>("tenant", tenant),
                    new KeyValuePair<string, object?>("jurisdiction", jurisdiction), new KeyValuePair<string, object?>("feature", feature));
        }
    }
}
