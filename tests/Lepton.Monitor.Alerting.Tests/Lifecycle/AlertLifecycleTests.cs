using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>The status machine alone (<see cref="AlertLifecycle"/>): table tests, no store.</summary>
public sealed class AlertLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TenantSettings FourEyes = new(FourEyesResolution: true);

    private static Alert With(AlertStatus status) => TestAlerts.Open() with
    {
        Status = status,
        Disposition = status == AlertStatus.Resolved ? Disposition.TruePositive : null,
        SnoozedUntil = status == AlertStatus.Snoozed ? Now.AddHours(1) : null,
        SilencedBy = status == AlertStatus.Suppressed ? "sil-1" : null,
    };

    private static Alert Apply(Alert alert, AlertAction action, AlertActionParameters? parameters = null, string actor = "ana", TenantSettings? settings = null) =>
        AlertLifecycle.Apply(alert, action, parameters ?? AlertActionParameters.None, actor, settings ?? TenantSettings.Default, Now);

    private static AlertActionException Refused(Alert alert, AlertAction action, AlertActionParameters? parameters = null, string actor = "ana", TenantSettings? settings = null) =>
        Assert.Throws<AlertActionException>(() => Apply(alert, action, parameters, actor, settings));

    public static TheoryData<AlertStatus, AlertAction, AlertStatus?> Transitions() => new()
    {
        // from, action, to (null: refused with 409)
        { AlertStatus.Open, AlertAction.Acknowledge, AlertStatus.Acknowledged },
        { AlertStatus.Acknowledged, AlertAction.Acknowledge, null },
        { AlertStatus.Resolved, AlertAction.Acknowledge, null },
        { AlertStatus.Snoozed, AlertAction.Acknowledge, null },
        { AlertStatus.Suppressed, AlertAction.Acknowledge, null },
        { AlertStatus.Open, AlertAction.Reopen, null },
        { AlertStatus.Acknowledged, AlertAction.Reopen, null },
        { AlertStatus.Resolved, AlertAction.Reopen, AlertStatus.Open },
        { AlertStatus.Snoozed, AlertAction.Reopen, AlertStatus.Open },
        { AlertStatus.Suppressed, AlertAction.Reopen, AlertStatus.Open },
        { AlertStatus.Open, AlertAction.Snooze, AlertStatus.Snoozed },
        { AlertStatus.Acknowledged, AlertAction.Snooze, AlertStatus.Snoozed },
        { AlertStatus.Snoozed, AlertAction.Snooze, AlertStatus.Snoozed },
        { AlertStatus.Resolved, AlertAction.Snooze, null },
        { AlertStatus.Suppressed, AlertAction.Snooze, null },
        { AlertStatus.Open, AlertAction.Resolve, AlertStatus.Resolved },
        { AlertStatus.Acknowledged, AlertAction.Resolve, AlertStatus.Resolved },
        { AlertStatus.Snoozed, AlertAction.Resolve, AlertStatus.Resolved },
        { AlertStatus.Suppressed, AlertAction.Resolve, AlertStatus.Resolved },
        { AlertStatus.Resolved, AlertAction.Resolve, null },
        { AlertStatus.Resolved, AlertAction.Assign, null },
        { AlertStatus.Resolved, AlertAction.Escalate, null },
        { AlertStatus.Acknowledged, AlertAction.Escalate, AlertStatus.Acknowledged },
        { AlertStatus.Resolved, AlertAction.Comment, AlertStatus.Resolved },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void The_status_machine_moves_or_refuses_with_409(AlertStatus from, AlertAction action, AlertStatus? to)
    {
        var parameters = new AlertActionParameters(Assignee: "bo", Text: "looked at it", Disposition: Disposition.TruePositive, Until: Now.AddHours(2));
        if (to is null)
        {
            var refused = Refused(With(from), action, parameters);
            Assert.Equal(AlertRefusal.Conflict, refused.Refusal);
            Assert.Contains(StoredEnums.ToText(from), refused.Message);
            return;
        }
        Assert.Equal(to, Apply(With(from), action, parameters).Status);
    }

    [Fact]
    public void Reopen_clears_disposition_snooze_and_silence()
    {
        var resolved = With(AlertStatus.Resolved);
        var reopened = Apply(resolved, AlertAction.Reopen);
        Assert.Null(reopened.Disposition);
        Assert.Null(Apply(With(AlertStatus.Snoozed), AlertAction.Reopen).SnoozedUntil);
        Assert.Null(Apply(With(AlertStatus.Suppressed), AlertAction.Reopen).SilencedBy);
    }

    [Fact]
    public void Resolve_sets_the_disposition_and_keeps_the_comment_in_the_callers_name()
    {
        var resolved = Apply(TestAlerts.Open(), AlertAction.Resolve, new(Disposition: Disposition.Benign, Comment: "payroll run"));
        Assert.Equal(Disposition.Benign, resolved.Disposition);
        var comment = Assert.Single(resolved.Comments);
        Assert.Equal(("ana", "payroll run", Now), (comment.Author, comment.Text, comment.At));
    }

    [Fact]
    public void An_alert_holding_the_most_comments_takes_no_more_but_still_changes_status()
    {
        var full = TestAlerts.Open() with
        {
            Comments = [.. Enumerable.Range(0, AlertLifecycle.MaxComments).Select(i => new AlertComment("ana", $"note {i}", Now))],
        };

        var comment = Assert.Throws<AlertActionException>(() => Apply(full, AlertAction.Comment, new(Text: "one more")));
        var resolveWithComment = Assert.Throws<AlertActionException>(() => Apply(full, AlertAction.Resolve, new(Disposition: Disposition.Benign, Comment: "why")));
        var resolved = Apply(full, AlertAction.Resolve, new(Disposition: Disposition.Benign));

        Assert.Equal(AlertRefusal.Conflict, comment.Refusal);
        Assert.Contains($"{AlertLifecycle.MaxComments} comments", comment.Message);
        Assert.Equal(AlertRefusal.Conflict, resolveWithComment.Refusal);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal(AlertLifecycle.MaxComments, resolved.Comments.Length);
    }

    public static TheoryData<AlertAction, AlertActionParameters, string> InvalidRequests() => new()
    {
        { AlertAction.Resolve, new(), "disposition: required" },
        { AlertAction.Assign, new(Assignee: "  "), "assignee: required" },
        { AlertAction.Assign, new(Assignee: "ann\0"), "assignee: must not contain control characters" },
        { AlertAction.Comment, new(), "text: required" },
        { AlertAction.Comment, new(Text: new string('x', 4001)), "text: at most 4000 characters" },
        { AlertAction.Snooze, new(), "until: required" },
        { AlertAction.Snooze, new(Until: Now.AddSeconds(-1)), "is not in the future" },
        { AlertAction.Snooze, new(Until: Now.AddDays(30).AddSeconds(1)), "at most 30 days ahead" },
        { AlertAction.Resolve, new(Disposition: Disposition.Benign, Comment: new string('x', 4001)), "comment: at most 4000" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void A_bad_request_is_refused_as_invalid_with_the_reason(AlertAction action, AlertActionParameters parameters, string reason)
    {
        var refused = Refused(TestAlerts.Open(), action, parameters);
        Assert.Equal(AlertRefusal.Invalid, refused.Refusal);
        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public void A_snooze_of_exactly_30_days_is_allowed()
    {
        var snoozed = Apply(TestAlerts.Open(), AlertAction.Snooze, new(Until: Now.AddDays(30)));
        Assert.Equal(Now.AddDays(30), snoozed.SnoozedUntil);
    }

    [Theory]
    [InlineData(Severity.Low, null, Severity.Medium)]
    [InlineData(Severity.Medium, null, Severity.High)]
    [InlineData(Severity.High, null, Severity.Critical)]
    [InlineData(Severity.Low, Severity.Critical, Severity.Critical)]
    public void Escalation_raises_severity_and_names_who(Severity from, Severity? asked, Severity expected)
    {
        var escalated = Apply(TestAlerts.Open(severity: from), AlertAction.Escalate, new(Severity: asked));
        Assert.Equal(expected, escalated.Severity);
        Assert.Equal("ana", escalated.EscalatedBy);
    }

    [Theory]
    [InlineData(Severity.Critical, null)]
    [InlineData(Severity.High, Severity.High)]
    [InlineData(Severity.High, Severity.Low)]
    public void Escalation_never_lowers_or_stays_and_critical_cannot_go_higher(Severity from, Severity? asked)
    {
        Assert.Equal(AlertRefusal.Conflict, Refused(TestAlerts.Open(severity: from), AlertAction.Escalate, new(Severity: asked)).Refusal);
    }

    [Fact]
    public void Assigning_the_same_assignee_changes_nothing()
    {
        var assigned = Apply(TestAlerts.Open(), AlertAction.Assign, new(Assignee: " bo "));
        Assert.Equal("bo", assigned.Assignee);
        Assert.Same(assigned, Apply(assigned, AlertAction.Assign, new(Assignee: "bo")));
    }

    [Theory]
    [InlineData(Disposition.FalsePositive, true)]
    [InlineData(Disposition.Benign, true)]
    [InlineData(Disposition.TruePositive, false)]
    [InlineData(Disposition.Undetermined, false)]
    public void Four_eyes_stages_only_false_positive_and_benign(Disposition disposition, bool staged)
    {
        var after = Apply(TestAlerts.Open(), AlertAction.Resolve, new(Disposition: disposition), settings: FourEyes);
        Assert.Equal(staged ? AlertStatus.Open : AlertStatus.Resolved, after.Status);
        Assert.Equal(staged, after.PendingResolution is not null);
        Assert.Equal(staged ? AlertAuditActions.ResolutionStaged : AlertAuditActions.Resolved,
            AlertLifecycle.AuditAction(AlertAction.Resolve, new(Disposition: disposition), FourEyes));
        // Without the setting every disposition resolves at once.
        Assert.Equal(AlertStatus.Resolved, Apply(TestAlerts.Open(), AlertAction.Resolve, new(Disposition: disposition)).Status);
    }

    [Fact]
    public void Four_eyes_approval_needs_a_second_caller_and_something_staged()
    {
        var staged = Apply(TestAlerts.Open(), AlertAction.Resolve, new(Disposition: Disposition.FalsePositive, Comment: "test account"), actor: "ana", settings: FourEyes);
        Assert.Equal(new PendingResolution(Disposition.FalsePositive, "ana", Now, "test account"), staged.PendingResolution);

        Assert.Equal(AlertRefusal.Forbidden, Refused(staged, AlertAction.Approve, actor: "ana").Refusal);
        Assert.Equal(AlertRefusal.Conflict, Refused(TestAlerts.Open(), AlertAction.Approve, actor: "bo").Refusal);
        Assert.Equal(AlertRefusal.Conflict, Refused(TestAlerts.Open(), AlertAction.Reject, actor: "bo").Refusal);
        Assert.Equal(AlertRefusal.Conflict,
            Refused(staged, AlertAction.Resolve, new(Disposition: Disposition.Benign), actor: "bo", settings: FourEyes).Refusal);

        var approved = Apply(staged, AlertAction.Approve, actor: "bo");
        Assert.Equal((AlertStatus.Resolved, Disposition.FalsePositive), (approved.Status, approved.Disposition));
        Assert.Null(approved.PendingResolution);
        Assert.Equal(("ana", "test account"), (approved.Comments[0].Author, approved.Comments[0].Text));

        Assert.Null(Apply(staged, AlertAction.Reject, actor: "bo").PendingResolution);
        Assert.Equal(AlertStatus.Open, Apply(staged, AlertAction.Reject, actor: "bo").Status);
        var commented = Apply(staged, AlertAction.Comment, new(Text: "wait: new evidence"), actor: "cy");
        Assert.Null(commented.PendingResolution);
    }

    [Fact]
    public void Unsnooze_reopens_only_a_snoozed_alert_that_is_due()
    {
        var snoozed = With(AlertStatus.Snoozed);
        Assert.Same(snoozed, AlertLifecycle.Unsnooze(snoozed, Now));
        var due = AlertLifecycle.Unsnooze(snoozed, Now.AddHours(1));
        Assert.Equal((AlertStatus.Open, (DateTimeOffset?)null), (due.Status, due.SnoozedUntil));
        var resolved = With(AlertStatus.Resolved);
        Assert.Same(resolved, AlertLifecycle.Unsnooze(resolved, Now.AddDays(100)));
    }
}
