namespace Lepton.Monitor.DevTools.Bench;

/// <summary>One measured configuration: records/s from the first POST until the grains acknowledged all of them, and POST latency.</summary>
public sealed record ClusterLoadResult(string Configuration, int Records, double Seconds, double PostP50Ms, double PostP99Ms, int Resent)
{
    public double RecordsPerSecond => Records / Seconds;
}
