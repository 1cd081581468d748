namespace Lepton.Monitor.Reporting.Bench;

/// <summary>A measured figure against its target: at least (throughput, ratios) or at most (latency, cost).</summary>
public sealed record TargetCheck(string Name, double Measured, double Target, bool AtLeast, string Unit = "")
{
    public bool Met => AtLeast ? Measured >= Target : Measured <= Target;
}
