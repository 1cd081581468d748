using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// After persisting: writes every created or changed alert as a CloudEvent into the durable outbox, from which a
/// background publisher sends it to the alert topic. The broker is never called here, so an outage cannot block ingest.
/// </summary>
public sealed class OutboxStage(IAlertOutbox outbox, TimeProvider clock) : IAlertStage
{
    public async ValueTask<AlertStageResult> ExecuteAsync(AlertStageResult input, CancellationToken ct)
    {
        if (input.Created.Count + input.Updated.Count == 0)
            return input;
        var now = clock.GetUtcNow();
        var messages = new List<OutboxMessage>(input.Created.Count + input.Updated.Count);
        foreach (var alert in input.Created)
            messages.Add(Message(alert, created: true));
        foreach (var alert in input.Updated)
            messages.Add(Message(alert, created: false));
        await outbox.AddAsync(messages, ct);
        return input;

        OutboxMessage Message(Lepton.Monitor.Contracts.Alert alert, bool created)
        {
            var eventId = Guid.CreateVersion7(now).ToString("N");
            return new OutboxMessage(alert.Tenant, eventId, AlertCloudEvent.Serialize(alert, created, eventId, now));
        }
    }
}
