using System.Diagnostics.Metrics;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Grains;

namespace Lepton.Monitor.Integration.Tests.Grains;

/// <summary>Issue 19, item 2: drift values as the gauge lepton.drift.psi per monitored feature, tenant and jurisdiction.</summary>
public sealed class DriftTelemetryTests
{
    [Fact]
    public void A_checks_psi_values_are_observed_per_feature_and_the_next_check_replaces_them()
    {
        var tenant = "psi-" + Guid.NewGuid().ToString("N")[..8]; // unique: the gauge is process-wide

        DriftTelemetry.Report(tenant, "US", Check(("amount", 0.31), ("velocity", 0.02)));
        Assert.Equal(new Dictionary<string, double> { ["amount"] = 0.31, ["velocity"] = 0.02, ["score"] = 0.12 }, Observe(tenant));

        DriftTelemetry.Report(tenant, "US", Check(("amount", 0.05), ("velocity", double.NaN)));
        var second = Observe(tenant);
        Assert.Equal(0.05, second["amount"]);
        Assert.False(second.ContainsKey("velocity"), "a NaN (feature not computed) is not exported");

        DriftTelemetry.Report(tenant, "US", null); // a check without a drift part changes nothing
        Assert.Equal(second, Observe(tenant));
    }

    private static DriftCheckResult Check(params (string Name, double Psi)[] features) => new(
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1000, [.. features.Select(f => Feature(f.Name, f.Psi))], Feature("score", 0.12),
        default, 0, false, false, default, default, 0);

    private static FeatureDriftMetrics Feature(string name, double psi) =>
        new(name, default, 1000, 0, 0, 1, 0, psi, 0, 0, 0, 0, 0, 0, false, default);

    private static Dictionary<string, double> Observe(string tenant)
    {
        var observed = new Dictionary<string, double>();
        string? unit = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == MonitorTelemetry.Name && i.Name == "lepton.drift.psi")
            {
                unit = i.Unit;
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? t = null, j = null, f = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant") t = tag.Value as string;
                else if (tag.Key == "jurisdiction") j = tag.Value as string;
                else if (tag.Key == "feature") f = tag.Value as string;
            }
            if (t == tenant && j == "US" && f is not null)
                observed[f] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Null(unit); // exported as lepton_drift_psi, no unit suffix
        return observed;
    }
}
