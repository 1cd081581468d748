using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.Subscriptions;

/// <summary>
/// <c>group</c> of <c>POST /v1/subscriptions</c>: <c>by</c> labels, and <c>wait</c>, <c>interval</c>, <c>repeat</c> as
/// TimeSpans (<c>00:00:30</c>; Alertmanager's defaults 30 s, 5 min, 4 h when left out), <c>sendResolvedAtOnce</c> (default true).
/// </summary>
public sealed record GroupRequest(string[]? By, TimeSpan? Wait, TimeSpan? Interval, TimeSpan? Repeat, bool? SendResolvedAtOnce)
{
    public bool TryGetGrouping(out WebhookGrouping? grouping, out string? error)
    {
        grouping = null;
        var by = By ?? [];
        if (by.FirstOrDefault(l => !WebhookGrouping.Labels.Contains(l)) is { } unknown)
        {
            error = $"group.by: '{unknown}' is not one of {string.Join('|', WebhookGrouping.Labels)}";
            return false;
        }
        var wait = Wait ?? WebhookGrouping.DefaultWait;
        var interval = Interval ?? WebhookGrouping.DefaultInterval;
        var repeat = Repeat ?? WebhookGrouping.DefaultRepeat;
        error = wait < TimeSpan.Zero ? "group.wait: must not be negative"
            : interval <= TimeSpan.Zero ? "group.interval: must be positive"
            : repeat <= TimeSpan.Zero ? "group.repeat: must be positive"
            : null;
        if (error is null)
            grouping = new WebhookGrouping([.. by.Distinct()], wait, interval, repeat, SendResolvedAtOnce ?? true);
        return error is null;
    }
}
