using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Grains.Monitoring;

namespace Lepton.Monitor.Integration.Tests.Grains;

public sealed class SignalAlertsTests
{
    private static FeatureDriftMetrics Metrics(DriftReasons reasons) =>
        new("f", ColumnKind.Numeric, 2000, 0, 0.1, 0.01, 0, 0.3, 0.2, 0.2, 0, double.NaN, 1, 1, reasons != DriftReasons.None, reasons);

    [Theory]
    [InlineData(DriftReasons.None, false)]
    [InlineData(DriftReasons.KolmogorovSmirnov, false)]                              // significance without effect size
    [InlineData(DriftReasons.Wasserstein, false)]                                    // effect within sampling noise
    [InlineData(DriftReasons.Wasserstein | DriftReasons.KolmogorovSmirnov, true)]
    [InlineData(DriftReasons.Psi, true)]
    [InlineData(DriftReasons.JensenShannon, true)]
    [InlineData(DriftReasons.Adwin, false)]                                           // streaming alarms belong to the score
    public void A_feature_alerts_only_on_material_and_significant_drift(DriftReasons reasons, bool alerts) =>
        Assert.Equal(alerts, SignalAlerts.HasMaterialDrift(Metrics(reasons)));
}
