using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Replays deliveries: one by id, or a time range (its deliveries, and the feed's matching changes that have none).</summary>
public sealed class WebhookReplayer(IWebhookStore store, IAlertEventLog changes, WebhookSignal signal)
{
    public async Task<bool> ReplayAsync(string subscriptionId, string deliveryId, CancellationToken ct = default)
    {
        var queued = await store.ReplayAsync(subscriptionId, deliveryId, ct).ConfigureAwait(false);
        if (queued)
            signal.Notify();
        return queued;
    }

    /// <summary>Queues every delivery of [<paramref name="since"/>, <paramref name="until"/>]; returns how many.</summary>
    public async Task<int> ReplayRangeAsync(WebhookSubscription subscription, DateTimeOffset since, DateTimeOffset until, CancellationToken ct = default)
    {
        var inRange = new List<AlertEvent>();
        var filter = new AlertEventFilter { Tenant = subscription.Tenant, NotifyOnly = true };
        for (long after = 0; ;)
        {
            var batch = await changes.ReadAfterAsync(after, WebhookDispatcher.BatchSize, filter, ct).ConfigureAwait(false);
            if (batch.Count == 0)
                break;
            inRange.AddRange(batch.Where(e => e.At >= since && e.At <= until));
            after = batch[^1].Seq;
        }
        var queued = await store.ReplayRangeAsync(subscription.Id, since, until, DeliveryPlanner.PlanReplay(inRange, subscription), ct).ConfigureAwait(false);
        if (queued > 0)
            signal.Notify();
        return queued;
    }
}
