using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What both alert stores decide about one lifecycle change before they write it: the version check, the change's
/// own refusal, "nothing to do", and that only lifecycle fields moved. The stores then write the changed alert
/// (and refuse a reactivation the unique active-fingerprint index rejects, with <see cref="ReactivationConflict"/>).
/// </summary>
internal static class AlertChangeRules
{
    /// <summary>
    /// The final answer for <paramref name="request"/> on <paramref name="current"/> when nothing is to be written
    /// (Conflict, Refused, Unchanged); otherwise null and <paramref name="changed"/> is the alert to store, with
    /// version + 1 and updatedAt = <paramref name="now"/>. Throws <see cref="ArgumentException"/> when the change
    /// touches more than the lifecycle fields.
    /// </summary>
    public static AlertChangeResult? Decide(AlertChangeRequest request, Alert current, DateTimeOffset now, out Alert changed)
    {
        changed = current;
        if (request.ExpectedVersion is { } expected && expected != current.Version)
            return new AlertChangeResult(AlertChangeOutcome.Conflict, current);
        try
        {
            changed = request.Change(current) ?? throw new InvalidOperationException("the change returned no alert");
        }
        catch (AlertActionException refused)
        {
            changed = current;
            return new AlertChangeResult(AlertChangeOutcome.Refused, current, refused);
        }
        if (ReferenceEquals(changed, current) || changed.Equals(current))
            return new AlertChangeResult(AlertChangeOutcome.Unchanged, current);
        var onlyLifecycle = changed with
        {
            Status = current.Status,
            Disposition = current.Disposition,
            Assignee = current.Assignee,
            Comments = current.Comments,
            Severity = current.Severity,
            SnoozedUntil = current.SnoozedUntil,
            PendingResolution = current.PendingResolution,
            SilencedBy = current.SilencedBy,
            EscalatedBy = current.EscalatedBy,
            Version = current.Version,
            UpdatedAt = current.UpdatedAt,
        };
        if (!onlyLifecycle.Equals(current))
            throw new ArgumentException("a lifecycle change may change only status, disposition, assignee, comments, severity, snoozedUntil, pendingResolution, silencedBy and escalatedBy", nameof(request));
        changed = changed with { Version = current.Version + 1, UpdatedAt = now };
        return null;
    }

    /// <summary>
    /// What <see cref="IAlertStore.UpdateAsync"/> answers for a change's result: the alert, null when not found, or a
    /// refusal thrown (<see cref="InvalidOperationException"/> for a conflict, else <see cref="ArgumentException"/>).
    /// </summary>
    public static Alert? UpdateOutcome(AlertChangeResult result, string paramName) => result.Outcome switch
    {
        AlertChangeOutcome.NotFound => null,
        AlertChangeOutcome.Refused when result.Refusal!.Refusal == AlertRefusal.Conflict =>
            throw new InvalidOperationException(result.Refusal.Message, result.Refusal),
        AlertChangeOutcome.Refused => throw new ArgumentException(result.Refusal!.Message, paramName, result.Refusal),
        _ => result.Alert,
    };

    /// <summary>The refusal when making <paramref name="current"/> active again would give its fingerprint two active alerts.</summary>
    public static AlertChangeResult ReactivationConflict(Alert current) =>
        new(AlertChangeOutcome.Refused, current,
            new AlertActionException(AlertRefusal.Conflict, $"alert {current.Id} cannot become active again: another alert with its fingerprint is active"));

    /// <summary>The alert-topic messages for the changes subscribers are told of (<see cref="AlertEventTypes.Notifies"/>).</summary>
    public static List<OutboxMessage> TopicMessages(IAlertChangeEncoder encoder, IEnumerable<(Alert? Before, Alert After)> changes, DateTimeOffset now)
    {
        var messages = new List<OutboxMessage>();
        foreach (var (before, after) in changes)
        {
            if (AlertEventTypes.Notifies(before, after))
                messages.Add(encoder.Encode(after, AlertEventTypes.Of(before, after), now));
        }
        return messages;
    }

    /// <summary>
    /// The changes (for the feed and the topic) and audit entries of applied upserts: a raised alert is (null, alert)
    /// and audited; growth keeps the status, so an absorbed alert is (after, after) for the event type and notify
    /// rule; a staged four-eyes resolution a new record cleared is audited.
    /// </summary>
    public static (List<(Alert? Before, Alert After)> Changes, List<AuditEvent> Audit) OfUpserts(
        IEnumerable<AlertUpsertResult> results, IEnumerable<AlertDraft> clearedApprovals, string actor)
    {
        var changes = new List<(Alert? Before, Alert After)>();
        var audit = new List<AuditEvent>();
        foreach (var result in results)
        {
            foreach (var alert in result.Created)
            {
                changes.Add((null, alert));
                audit.Add(new AuditEvent(actor, alert.Tenant, "alert.raised", alert.Id, AlertChangeAudit.Details(null, alert)));
            }
            foreach (var alert in result.Updated)
                changes.Add((alert, alert));
        }
        foreach (var draft in clearedApprovals)
        {
            var alert = draft.ToAlert();
            audit.Add(new AuditEvent(actor, alert.Tenant, "alert.approval-cleared", alert.Id,
                new { reason = "a new record joined the alert after the resolution was staged", cleared = draft.ClearedApproval, version = alert.Version }));
        }
        return (changes, audit);
    }
}
