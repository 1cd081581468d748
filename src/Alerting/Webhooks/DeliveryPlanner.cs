using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>The fan-out: which deliveries a batch of the change feed makes (one per change and subscription that wants it).</summary>
public static class DeliveryPlanner
{
    /// <summary>
    /// Deliveries for <paramref name="changes"/>: only changes subscribers are told of (<see cref="AlertEvent.Notify"/>),
    /// each to every target that wants it and was made before the change (a new subscription gets no past changes).
    /// </summary>
    public static IReadOnlyList<PlannedDelivery> Plan(IReadOnlyList<AlertEvent> changes, IReadOnlyList<DispatchTarget> targets)
    {
        var planned = new List<PlannedDelivery>();
        foreach (var change in changes)
        {
            if (!change.Notify)
                continue;
            string? body = null;
            foreach (var target in targets)
            {
                if (change.Seq <= target.AfterSeq || !SubscriptionFilter.Wants(target.Subscription, change))
                    continue;
                body ??= WebhookPayload.Create(change.Type, change.At, change.AlertJson);
                planned.Add(new PlannedDelivery(target.Subscription.Id, change.Tenant, change.Seq, change.AlertId, change.Type, change.At, body));
            }
        }
        return planned;
    }

    /// <summary>Deliveries of a range replay: every notified change of the feed that <paramref name="subscription"/> wants.</summary>
    public static IReadOnlyList<PlannedDelivery> PlanReplay(IEnumerable<AlertEvent> changes, WebhookSubscription subscription) =>
        Plan([.. changes], [new DispatchTarget(subscription, 0)]);
}
