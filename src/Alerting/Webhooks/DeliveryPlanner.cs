using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>The fan-out: which deliveries (and group changes) a batch of the change feed makes.</summary>
public static class DeliveryPlanner
{
    /// <summary>
    /// For <paramref name="changes"/>: only changes subscribers are told of (<see cref="AlertEvent.Notify"/>), each to
    /// every target that wants it and was made before the change (a new subscription gets no past changes). A target
    /// without grouping gets one delivery per change; a grouped one a change of the alert's group — and, for a
    /// resolution with <see cref="WebhookGrouping.SendResolvedAtOnce"/>, its own delivery at once (the alert leaves the group).
    /// </summary>
    public static FanOutPlan Plan(IReadOnlyList<AlertEvent> changes, IReadOnlyList<DispatchTarget> targets)
    {
        var deliveries = new List<PlannedDelivery>();
        var groupChanges = new List<GroupChange>();
        foreach (var change in changes)
        {
            if (!change.Notify)
                continue;
            string? body = null;
            foreach (var target in targets)
            {
                var subscription = target.Subscription;
                if (change.Seq <= target.AfterSeq || !SubscriptionFilter.Wants(subscription, change))
                    continue;
                var resolvedAtOnce = subscription.Group is { SendResolvedAtOnce: true } && change.Type == AlertEventTypes.Resolved;
                if (subscription.Group is { } grouping)
                    groupChanges.Add(new GroupChange(subscription.Id, change.Tenant, GroupKey.Of(grouping, change), change.AlertId, change.AlertJson, resolvedAtOnce));
                if (subscription.Group is null || resolvedAtOnce)
                {
                    body ??= WebhookPayload.Create(change.Type, change.At, change.AlertJson);
                    deliveries.Add(new PlannedDelivery(subscription.Id, change.Tenant, change.Seq, change.AlertId, change.Type, change.At, body));
                }
            }
        }
        return new FanOutPlan(deliveries, groupChanges);
    }

    /// <summary>
    /// Deliveries of a range replay: every notified change of the feed that <paramref name="subscription"/> wants, one by
    /// one (a grouped subscription gets the resolutions it is sent at once; its groups are not rebuilt).
    /// </summary>
    public static IReadOnlyList<PlannedDelivery> PlanReplay(IEnumerable<AlertEvent> changes, WebhookSubscription subscription) =>
        Plan([.. changes], [new DispatchTarget(subscription, 0)]).Deliveries;
}
