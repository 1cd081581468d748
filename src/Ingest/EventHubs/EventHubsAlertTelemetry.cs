using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Alert-publishing metrics of the Event Hubs adapter, under the adapter's meter name <c>Lepton.Monitor.EventHubs</c>
/// (a second <see cref="Meter"/> instance of that name: listeners subscribe by name, so both are exported together).
/// </summary>
public static class EventHubsAlertTelemetry
{
    public const string Name = "Lepton.Monitor.EventHubs";
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> AlertsPublished = Meter.CreateCounter<long>("lepton.eventhubs.alerts_published", unit: "{event}",
        description: "Alert CloudEvents acknowledged by the alert hub");

    public static readonly Counter<long> AlertPublishFailures = Meter.CreateCounter<long>("lepton.eventhubs.alert_publish_failures", unit: "{event}",
        description: "Alert CloudEvents the alert hub did not acknowledge (retried from the outbox)");
}
