namespace Lepton.Monitor.Ingest;

/// <summary>The built-in demo tenant and stream (section <c>Lepton:Demo</c>).</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; } = true;
    public string Tenant { get; set; } = "demo";
    public int RecordsPerSecond { get; set; } = 20;
    public double ViolationRate { get; set; } = 0.02;
}
