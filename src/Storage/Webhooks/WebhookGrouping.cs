namespace Lepton.Monitor.Storage;

/// <summary>
/// Opt-in grouping of a subscription (Alertmanager's group_by / group_wait / group_interval / repeat_interval): changes
/// of alerts with the same <see cref="By"/> labels are sent together as one <c>alert.group</c> delivery, first
/// <see cref="Wait"/> after the group starts, then at most every <see cref="Interval"/> while it changes, and every
/// <see cref="Repeat"/> while it does not. With <see cref="SendResolvedAtOnce"/> a resolution goes out at once on its own
/// (Alertmanager users wait for group_interval there: its issue #1660).
/// </summary>
public sealed record WebhookGrouping(IReadOnlyList<string> By, TimeSpan Wait, TimeSpan Interval, TimeSpan Repeat, bool SendResolvedAtOnce = true)
{
    public const string GroupType = "alert.group";

    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultRepeat = TimeSpan.FromHours(4);

    /// <summary>The labels a group can be keyed by.</summary>
    public static readonly IReadOnlyList<string> Labels = ["jurisdiction", "kind", "severity", "ruleId", "ruleKind", "entity"];
}
