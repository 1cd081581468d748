namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>Numeric columns are tested with KS and Wasserstein, categorical (discrete) ones with Jensen–Shannon.</summary>
public enum ColumnKind
{
    Numeric,
    Categorical,
}
