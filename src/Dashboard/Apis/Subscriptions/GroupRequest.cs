using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.Subscriptions;

/// <summary>
/// <c>group</c> of <c>POST /v1/subscriptions</c>: <c>by</c> labels, and <c>wait</c>, <c>interval</c>, <c>repeat</c> as
/// TimeSpans (<c>00:00:30</c>; Alertmanager's defaults 30 s, 5 min, 4 h when left out), <c>sendResolvedAtOnce</c> (default true).
/// </summary>
public sealed record GroupRequest(string[]? By, TimeSpan? Wait, TimeSpan? Interval, TimeSpan? Repeat, bool? SendResolvedAtOnce)
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxRepeat = TimeSpan.FromDays(7);

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
        // Bounded both ways: a tiny interval or repeat would turn grouping into a flush storm, a huge one into silence.
        error = wait < TimeSpan.Zero || wait > MaxWait ? $"group.wait: must be between 00:00:00 and {MaxWait}"
            : interval < MinInterval || interval > MaxInterval ? $"group.interval: must be between {MinInterval} and {MaxInterval}"
            : repeat < MinInterval || repeat > MaxRepeat ? $"group.repeat: must be between {MinInterval} and {MaxRepeat}"
            : null;
        if (error is null)
            grouping = new WebhookGrouping([.. by.Distinct()], wait, interval, repeat, SendResolvedAtOnce ?? true);
        return error is null;
    }
}
