namespace Lepton.Monitor.Drift.Fairness;

/// <summary>How a fairness window slides: over the last N records, or over the last span of time.</summary>
public enum FairnessWindowKind
{
    Count,
    Time,
}
