using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Statistics;

namespace Lepton.Monitor.Drift.Offline;

/// <summary>
/// One column of an offline comparison. Numeric columns carry KS, PSI and Wasserstein (raw and divided by the
/// reference's standard deviation); categorical ones PSI over categories, Jensen–Shannon and chi-squared. Metrics that
/// do not apply are null.
/// </summary>
public sealed record ColumnDriftReport(
    string Name,
    ColumnKind Kind,
    int ReferenceCount,
    int CurrentCount,
    KsResult? Ks,
    double Psi,
    double? Wasserstein,
    double? WassersteinNormed,
    double? JensenShannon,
    ChiSquaredResult? ChiSquared,
    bool Drifted,
    DriftReasons Reasons);
