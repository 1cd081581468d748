namespace Lepton.Monitor.DeviceCheck;

/// <summary>One line of the device check's table: a parity probe (Difference set) or a throughput cell (RowsPerSecond set), or a skip (Note).</summary>
public sealed record CheckRow(string Stage, string Model, string Backend, int? Batch = null, double? RowsPerSecond = null,
    double? Difference = null, double? Tolerance = null, string Note = "")
{
    public bool Failed => Difference is { } d && Tolerance is { } t && !(d <= t);
}
