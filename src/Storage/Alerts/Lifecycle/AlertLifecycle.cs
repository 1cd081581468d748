using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The alert status machine (PRODUCT.md §5): a pure function from (alert, action, parameters, caller, tenant settings,
/// now) to the alert as changed, or an <see cref="AlertActionException"/> that says why not. It runs inside the
/// store's change (<see cref="IAlertStore.ChangeAsync"/>), so it always judges the alert as currently stored.
/// <code>
/// open ──acknowledge──▶ acknowledged ──resolve──▶ resolved
///  │  ◀──────────────reopen (from resolved, snoozed, suppressed)─────────┘
///  └─snooze(until)─▶ snoozed ──(until passes: the reopener)──▶ open
/// </code>
/// Assign, comment and escalate keep the status. With four-eyes resolution, resolving as false-positive or benign only
/// stages the resolution; a different caller approves (or anyone rejects) it, and a new comment or record clears it.
/// </summary>
public static class AlertLifecycle
{
    public const int MaxCommentLength = 4_000;

    /// <summary>Comments one alert may hold: every one travels in the alert's JSON (GET, SSE, webhooks, the topic).</summary>
    public const int MaxComments = 500;
    public const int MaxAssigneeLength = 200;
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(30);

    /// <summary>
    /// Refuses a request that is wrong whatever the alert's state (missing disposition, empty comment, a snooze in the
    /// past), so the API can answer 400 before it touches the store.
    /// </summary>
    public static void Validate(AlertAction action, AlertActionParameters parameters, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        CheckText("comment", parameters.Comment, required: false);
        switch (action)
        {
            case AlertAction.Assign:
                if (string.IsNullOrWhiteSpace(parameters.Assignee))
                    throw Invalid("assignee: required (a user name)");
                if (parameters.Assignee.Trim().Length > MaxAssigneeLength)
                    throw Invalid($"assignee: at most {MaxAssigneeLength} characters");
                // A user name has no control characters; PostgreSQL text cannot hold U+0000 at all.
                if (parameters.Assignee.Any(char.IsControl))
                    throw Invalid("assignee: must not contain control characters");
                break;
            case AlertAction.Comment:
                CheckText("text", parameters.Text, required: true);
                break;
            case AlertAction.Resolve:
                if (parameters.Disposition is null)
                    throw Invalid("disposition: required (true-positive|false-positive|benign|undetermined)");
                break;
            case AlertAction.Snooze:
                if (parameters.Until is not { } until)
                    throw Invalid("until: required (an ISO 8601 instant in the future, at most 30 days ahead)");
                if (until <= now)
                    throw Invalid($"until: {until:O} is not in the future");
                if (until > now + MaxSnooze)
                    throw Invalid($"until: at most {MaxSnooze.TotalDays:0} days ahead ({(now + MaxSnooze):O})");
                break;
        }
    }

    /// <summary>
    /// The audit action a request will be recorded as. Known before the change runs: whether a resolution is staged
    /// depends only on the tenant's setting and the disposition asked for.
    /// </summary>
    public static string AuditAction(AlertAction action, AlertActionParameters parameters, TenantSettings settings) => action switch
    {
        AlertAction.Acknowledge => AlertAuditActions.Acknowledged,
        AlertAction.Assign => AlertAuditActions.Assigned,
        AlertAction.Comment => AlertAuditActions.Commented,
        AlertAction.Resolve => NeedsApproval(parameters.Disposition, settings) ? AlertAuditActions.ResolutionStaged : AlertAuditActions.Resolved,
        AlertAction.Reopen => AlertAuditActions.Reopened,
        AlertAction.Snooze => AlertAuditActions.Snoozed,
        AlertAction.Escalate => AlertAuditActions.Escalated,
        AlertAction.Approve => AlertAuditActions.ResolutionApproved,
        AlertAction.Reject => AlertAuditActions.ResolutionRejected,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>Four-eyes: only the dispositions that close an alert as "nothing to see" need a second analyst.</summary>
    public static bool NeedsApproval(Disposition? disposition, TenantSettings settings) =>
        settings.FourEyesResolution && disposition is Disposition.FalsePositive or Disposition.Benign;

    /// <summary>
    /// Applies <paramref name="action"/> by <paramref name="actor"/> to <paramref name="alert"/>. Returns the alert as
    /// changed (version and updatedAt are the store's), or throws <see cref="AlertActionException"/>: Invalid (400),
    /// Forbidden (403: approving one's own resolution) or Conflict (409: not in this state).
    /// </summary>
    public static Alert Apply(Alert alert, AlertAction action, AlertActionParameters parameters, string actor, TenantSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        ArgumentNullException.ThrowIfNull(settings);
        Validate(action, parameters, now);
        var changed = Act(alert, action, parameters, actor, settings, now);
        if (changed.Comments.Length > MaxComments && changed.Comments.Length > alert.Comments.Length)
            throw Conflict($"alert {alert.Id} holds {MaxComments} comments, the most one alert may have; keep the discussion in the case system it links to");
        return changed;
    }

    private static Alert Act(Alert alert, AlertAction action, AlertActionParameters parameters, string actor, TenantSettings settings, DateTimeOffset now)
    {
        return action switch
        {
            AlertAction.Acknowledge => Acknowledge(alert),
            AlertAction.Assign => Assign(alert, parameters.Assignee!.Trim()),
            AlertAction.Comment => alert with
            {
                Comments = [.. alert.Comments, new AlertComment(actor, parameters.Text!, now)],
                // A new fact on the alert: the staged resolution was judged without it (four-eyes).
                PendingResolution = null,
            },
            AlertAction.Resolve => Resolve(alert, parameters, actor, settings, now),
            AlertAction.Reopen => Reopen(alert, parameters, actor, now),
            AlertAction.Snooze => Snooze(alert, parameters, actor, now),
            AlertAction.Escalate => Escalate(alert, parameters, actor, now),
            AlertAction.Approve => Approve(alert, parameters, actor, now),
            AlertAction.Reject => Reject(alert, parameters, actor, now),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }

    /// <summary>
    /// The system's reopening of a snoozed alert whose time has come; the same alert when it is no longer due (it was
    /// reopened, resolved or snoozed again meanwhile), so the store records nothing.
    /// </summary>
    public static Alert Unsnooze(Alert alert, DateTimeOffset now) =>
        alert is { Status: AlertStatus.Snoozed, SnoozedUntil: { } until } && until <= now
            ? alert with { Status = AlertStatus.Open, SnoozedUntil = null }
            : alert;

    private static Alert Acknowledge(Alert alert) => alert.Status switch
    {
        AlertStatus.Open => alert with { Status = AlertStatus.Acknowledged },
        AlertStatus.Acknowledged => throw Conflict($"alert {alert.Id} is already acknowledged"),
        AlertStatus.Snoozed => throw Conflict($"alert {alert.Id} is snoozed until {alert.SnoozedUntil:O}; reopen it first"),
        AlertStatus.Suppressed => throw Conflict($"alert {alert.Id} is suppressed by silence {alert.SilencedBy}; reopen it first"),
        _ => throw Conflict($"alert {alert.Id} is resolved; reopen it before acknowledging"),
    };

    private static Alert Assign(Alert alert, string assignee)
    {
        RequireActive(alert, "assigned");
        return alert.Assignee == assignee ? alert : alert with { Assignee = assignee };
    }

    private static Alert Resolve(Alert alert, AlertActionParameters parameters, string actor, TenantSettings settings, DateTimeOffset now)
    {
        RequireActive(alert, "resolved");
        var disposition = parameters.Disposition!.Value;
        if (NeedsApproval(disposition, settings))
        {
            if (alert.PendingResolution is { } staged)
                throw Conflict($"alert {alert.Id} already has a {StoredEnums.ToText(staged.Disposition)} resolution staged by {staged.RequestedBy}; approve or reject it first");
            return alert with { PendingResolution = new PendingResolution(disposition, actor, now, parameters.Comment) };
        }
        return WithComment(alert, actor, parameters.Comment, now) with
        {
            Status = AlertStatus.Resolved,
            Disposition = disposition,
            SnoozedUntil = null,
            PendingResolution = null,
        };
    }

    private static Alert Reopen(Alert alert, AlertActionParameters parameters, string actor, DateTimeOffset now)
    {
        if (alert.Status is AlertStatus.Open or AlertStatus.Acknowledged)
            throw Conflict($"alert {alert.Id} is already {StoredEnums.ToText(alert.Status)}");
        return WithComment(alert, actor, parameters.Comment, now) with
        {
            Status = AlertStatus.Open,
            Disposition = null,
            SnoozedUntil = null,
            SilencedBy = null,
            PendingResolution = null,
        };
    }

    private static Alert Snooze(Alert alert, AlertActionParameters parameters, string actor, DateTimeOffset now)
    {
        // Snoozing again moves the time; a suppressed alert is already quiet (its silence decides) and a resolved one is done.
        if (alert.Status is not (AlertStatus.Open or AlertStatus.Acknowledged or AlertStatus.Snoozed))
            throw Conflict($"alert {alert.Id} is {StoredEnums.ToText(alert.Status)}; only an open or acknowledged alert can be snoozed");
        return WithComment(alert, actor, parameters.Comment, now) with { Status = AlertStatus.Snoozed, SnoozedUntil = parameters.Until };
    }

    private static Alert Escalate(Alert alert, AlertActionParameters parameters, string actor, DateTimeOffset now)
    {
        RequireActive(alert, "escalated");
        if (alert.Severity == Severity.Critical)
            throw Conflict($"alert {alert.Id} is already critical; it cannot be escalated further");
        var target = parameters.Severity ?? alert.Severity + 1;
        if (target <= alert.Severity)
            throw Conflict($"severity: {StoredEnums.ToText(target)} is not higher than the alert's {StoredEnums.ToText(alert.Severity)}");
        return WithComment(alert, actor, parameters.Comment, now) with { Severity = target, EscalatedBy = actor };
    }

    private static Alert Approve(Alert alert, AlertActionParameters parameters, string actor, DateTimeOffset now)
    {
        if (alert.PendingResolution is not { } staged)
            throw Conflict($"alert {alert.Id} has no resolution waiting for approval");
        if (string.Equals(staged.RequestedBy, actor, StringComparison.Ordinal))
            throw new AlertActionException(AlertRefusal.Forbidden, $"{actor} staged this resolution; a second analyst must approve it");
        // The requester's reason becomes a comment in their name, then the approver's own, if any.
        var withReason = staged.Comment is { } reason
            ? alert with { Comments = [.. alert.Comments, new AlertComment(staged.RequestedBy, reason, staged.RequestedAt)] }
            : alert;
        return WithComment(withReason, actor, parameters.Comment, now) with
        {
            Status = AlertStatus.Resolved,
            Disposition = staged.Disposition,
            SnoozedUntil = null,
            PendingResolution = null,
        };
    }

    private static Alert Reject(Alert alert, AlertActionParameters parameters, string actor, DateTimeOffset now)
    {
        if (alert.PendingResolution is null)
            throw Conflict($"alert {alert.Id} has no resolution waiting for approval");
        return WithComment(alert, actor, parameters.Comment, now) with { PendingResolution = null };
    }

    private static void RequireActive(Alert alert, string verb)
    {
        if (alert.Status == AlertStatus.Resolved)
            throw Conflict($"alert {alert.Id} is resolved; reopen it before it can be {verb}");
    }

    private static Alert WithComment(Alert alert, string actor, string? comment, DateTimeOffset now) =>
        string.IsNullOrWhiteSpace(comment) ? alert : alert with { Comments = [.. alert.Comments, new AlertComment(actor, comment, now)] };

    private static void CheckText(string name, string? text, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(text))
            throw Invalid($"{name}: required (non-empty text)");
        if (text is { Length: > MaxCommentLength })
            throw Invalid($"{name}: at most {MaxCommentLength} characters ({text.Length} given)");
    }

    private static AlertActionException Invalid(string message) => new(AlertRefusal.Invalid, message);

    private static AlertActionException Conflict(string message) => new(AlertRefusal.Conflict, message);
}
