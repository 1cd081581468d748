using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>Metrics of the server-sent alert stream (meter <c>Lepton.Monitor.Stream</c>).</summary>
public static class AlertStreamTelemetry
{
    public const string Name = "Lepton.Monitor.Stream";
    public static readonly Meter Meter = new(Name);

    public static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>("lepton.sse.connections",
        unit: "{connection}", description: "Alert streams open now");

    public static readonly Counter<long> EventsSent = Meter.CreateCounter<long>("lepton.sse.events_sent",
        unit: "{event}", description: "Alert events written to streams");

    public static readonly Counter<long> CutOff = Meter.CreateCounter<long>("lepton.sse.cut_off",
        unit: "{connection}", description: "Streams aborted because the client stopped reading or fell too far behind (tag reason)");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("lepton.sse.rejected",
        unit: "{connection}", description: "Streams refused with 503 because MaxConnections were open");

    public static readonly Counter<long> Pruned = Meter.CreateCounter<long>("lepton.alert_events.pruned",
        unit: "{event}", description: "Change-feed events deleted after the retention window");
}
