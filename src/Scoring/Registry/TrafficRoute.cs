namespace Lepton.Monitor.Scoring;

/// <summary>Which model of a production/canary pair scores a record.</summary>
public enum TrafficRoute
{
    Production,
    Canary,
}
