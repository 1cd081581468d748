namespace Lepton.Monitor.Grains.Monitoring;

/// <summary>
/// Persisted state of a monitor grain: compact snapshots owned by the plain libraries (entity windows of the stateful
/// rules, drift and fairness summaries), so the grain state stays small and its schema is versioned by those libraries.
/// </summary>
[GenerateSerializer, Alias("lepton.monitor-state.v1")]
public sealed class MonitorState
{
    [Id(0)] public byte[]? EntityWindows { get; set; }
    [Id(1)] public byte[]? Signals { get; set; }
}
