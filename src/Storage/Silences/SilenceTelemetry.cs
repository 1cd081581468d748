using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Storage;

/// <summary>Metrics of silences (meter <c>Lepton.Monitor.Silences</c>).</summary>
public static class SilenceTelemetry
{
    public const string Name = "Lepton.Monitor.Silences";
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Matched = Meter.CreateCounter<long>("lepton.silences.matched", unit: "{alert}",
        description: "New alerts stored suppressed because an active silence matched them");

    public static readonly Counter<long> Changes = Meter.CreateCounter<long>("lepton.silences.changes", unit: "{silence}",
        description: "Silences created and expired, by action (created, expired)");

    public static readonly Counter<long> AlertsSuppressed = Meter.CreateCounter<long>("lepton.silences.alerts_suppressed", unit: "{alert}",
        description: "Open or acknowledged alerts suppressed when a silence started");

    public static readonly Counter<long> AlertsReleased = Meter.CreateCounter<long>("lepton.silences.alerts_released", unit: "{alert}",
        description: "Suppressed alerts given back when their silence ended, by outcome (reopened, kept by another silence)");

    private static Func<int>? _active;

    public static readonly ObservableGauge<int> Active = Meter.CreateObservableGauge("lepton.silences.active",
        () => _active?.Invoke() ?? 0, unit: "{silence}", description: "Silences active now (held in memory by the matcher)");

    /// <summary>Where the active-silence gauge reads from (the book of this process).</summary>
    public static void ObserveActive(Func<int> count) => _active = count;
}
