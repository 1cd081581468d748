namespace Lepton.Monitor.Ingest;

/// <summary>The built-in demo tenant and stream (section <c>Lepton:Demo</c>).</summary>
public sealed class DemoOptions
{
    public bool Enabled { get; set; } = true;
    public string Tenant { get; set; } = "demo";
    public int RecordsPerSecond { get; set; } = 20;
    public double ViolationRate { get; set; } = 0.02;

    /// <summary>Switches on the drift-and-fairness scenario (<see cref="DemoScenario"/>).</summary>
    public bool Drift { get; set; }

    /// <summary>When the amount distribution starts to shift, counted from the stream's start.</summary>
    public TimeSpan DriftAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Factor applied to every amount once drifting.</summary>
    public double AmountShift { get; set; } = 4;

    /// <summary>The <c>ageBand</c> whose records are alerted more often.</summary>
    public string BiasedGroup { get; set; } = "18-24";

    /// <summary>Share of the biased group's records turned into large cash (a threshold alert).</summary>
    public double BiasedViolationRate { get; set; } = 0.15;
}
