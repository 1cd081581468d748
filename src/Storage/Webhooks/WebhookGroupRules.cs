using System.Text.Json.Nodes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// How an open group of a grouped subscription changes, for both backends: which alerts it holds and when its next
/// <c>alert.group</c> delivery is due (<see cref="WebhookGrouping"/>: Wait after it starts, no later than Interval after a
/// change once sent, Repeat otherwise). The stores only read and write the rows around it.
/// </summary>
internal static class WebhookGroupRules
{
    /// <summary>
    /// Applies <paramref name="change"/> to <paramref name="alerts"/> (the group's alerts, empty when there is no group
    /// yet: <paramref name="exists"/> false). Returns the group's next flush time in ticks, or null when the group is now
    /// empty and is to be deleted.
    /// </summary>
    public static long? Apply(JsonObject alerts, bool exists, long? lastSentTicks, long flushAtTicks, GroupChange change, WebhookGrouping grouping, long nowTicks)
    {
        if (change.Remove)
            alerts.Remove(change.AlertId);
        else
            alerts[change.AlertId] = JsonNode.Parse(change.AlertJson);
        if (alerts.Count == 0)
            return null;
        if (!exists)
            return nowTicks + grouping.Wait.Ticks; // a new group waits for more of its alerts
        if (lastSentTicks is { } sent)
            return Math.Min(flushAtTicks, sent + grouping.Interval.Ticks); // changed since sent: no later than the interval
        return flushAtTicks;
    }

    /// <summary>
    /// The <c>alert.group</c> delivery of a group due at <paramref name="now"/>. Afterwards <paramref name="alerts"/>
    /// no longer holds the resolved alerts (told once); an empty group is to be deleted, otherwise it is next due after
    /// its repeat interval.
    /// </summary>
    public static PlannedDelivery Flush(string subscriptionId, string groupKey, string tenant, JsonObject alerts, DateTimeOffset now)
    {
        var data = new JsonObject { ["groupKey"] = groupKey, ["alerts"] = new JsonArray([.. alerts.Select(a => a.Value!.DeepClone())]) };
        var delivery = new PlannedDelivery(subscriptionId, tenant, null, null, WebhookGrouping.GroupType, now,
            WebhookPayload.Create(WebhookGrouping.GroupType, now, data.ToJsonString()));
        foreach (var resolved in alerts.Where(a => a.Value?["status"]?.GetValue<string>() == "resolved").Select(a => a.Key).ToList())
            alerts.Remove(resolved);
        return delivery;
    }
}
