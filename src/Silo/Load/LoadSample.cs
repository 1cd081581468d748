namespace Lepton.Monitor.Silo.Load;

/// <summary>One second of a load run: records acknowledged so far and in that second, its p99, the target's memory.</summary>
/// <param name="Seconds">Seconds since the start (1, 2, …).</param>
/// <param name="Sent">Records acknowledged since the start.</param>
/// <param name="Rate">Records acknowledged in this second.</param>
/// <param name="P99Ms">p99 latency of what was acknowledged in this second (NaN when nothing was).</param>
public sealed record LoadSample(double Seconds, long Sent, double Rate, double P99Ms, double? RssBytes, double? GcHeapBytes);
