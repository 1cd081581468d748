namespace Lepton.Monitor.Dashboard.Board;

/// <summary>
/// <c>Lepton:Dashboard</c>: what the board needs to know that is not data. The SLA is the time an open alert may wait
/// for its first triage (acknowledge, assign, resolve) before its timer turns "breached".
/// </summary>
public sealed class BoardOptions
{
    public const string Section = "Lepton:Dashboard";

    /// <summary>Time to first triage per severity (critical, high, medium, low).</summary>
    public Dictionary<string, TimeSpan> Sla { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = TimeSpan.FromMinutes(15),
        ["high"] = TimeSpan.FromHours(1),
        ["medium"] = TimeSpan.FromHours(4),
        ["low"] = TimeSpan.FromHours(24),
    };

    /// <summary>Most alerts the board loads at once (it keeps them in a virtualised list).</summary>
    public int MaxBoardAlerts { get; set; } = 50_000;
}
