using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// Encodes a created or changed alert as the alert topic's CloudEvent, keyed by tenant. The alert store writes the
/// result to its outbox in the alert's own transaction; a background publisher sends it, so a broker outage never
/// blocks ingest and a crash never separates an alert from its event.
/// </summary>
public sealed class CloudEventAlertEncoder : IAlertChangeEncoder
{
    public OutboxMessage Encode(Alert alert, string type, DateTimeOffset now)
    {
        var eventId = Guid.CreateVersion7(now).ToString("N");
        return new OutboxMessage(alert.Tenant, eventId, AlertCloudEvent.Serialize(alert, AlertCloudEvent.TypeOf(type), eventId, now));
    }
}
