namespace Lepton.Monitor.Drift.Monitoring;

/// <summary>Defaults shared by the drift and fairness monitors.</summary>
public static class DriftMonitorDefaults
{
    /// <summary>Clean checks in a row that end an alert episode.</summary>
    public const int CleanChecksToResolve = 3;
}
