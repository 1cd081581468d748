namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>A check's outcome for episode tracking: too little data neither starts nor ends an episode.</summary>
public enum DriftVerdict
{
    Inconclusive,
    Clean,
    Drifted,
}
