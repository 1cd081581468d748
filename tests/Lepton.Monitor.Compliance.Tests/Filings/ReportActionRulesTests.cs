using Lepton.Monitor.Compliance.Filings;

namespace Lepton.Monitor.Compliance.Tests.Filings;

/// <summary>What the board offers each person on a report, and that it says what the lifecycle then does.</summary>
public sealed class ReportActionRulesTests
{
    private static readonly DateTimeOffset Now = Samples.Day.AddDays(1);

    private static ReportDraft At(ReportStatus status, string? submitter = null) =>
        Samples.Draft(ReportType.FincenSar, Samples.Structuring()) with { Status = status, SubmittedBy = submitter };

    [Theory]
    // status, actor, may approve → the allowed actions
    [InlineData(ReportStatus.Draft, "key-author", false, "edit,submit")]
    [InlineData(ReportStatus.Draft, "key-mlro", true, "edit,submit")]
    [InlineData(ReportStatus.ReadyForReview, "key-author", false, "")]
    [InlineData(ReportStatus.ReadyForReview, "key-author", true, "return")]
    [InlineData(ReportStatus.ReadyForReview, "key-colleague", false, "")]
    [InlineData(ReportStatus.ReadyForReview, "key-mlro", true, "return,approve")]
    [InlineData(ReportStatus.Approved, "key-author", false, "file")]
    [InlineData(ReportStatus.Filed, "key-mlro", true, "")]
    public void Allowed_actions_by_state_role_and_person(ReportStatus status, string actor, bool mayApprove, string expected)
    {
        var options = ReportActionRules.For(At(status, status == ReportStatus.Draft ? null : "key-author"), actor, mayApprove);

        Assert.Equal(ReportActionRules.All, options.Select(o => o.Action));
        Assert.Equal(expected, string.Join(',', options.Where(o => o.Allowed).Select(o => o.Action)));
        Assert.All(options, o => Assert.Equal(o.Allowed, o.Reason is null));
    }

    [Fact]
    public void The_reasons_name_the_rule_that_refuses()
    {
        var review = At(ReportStatus.ReadyForReview, "key-author");

        Assert.Equal("four-eyes: you wrote this report; approval needs a second person with the approver role",
            ReportActionRules.Refusal(review, ReportLifecycle.Approve, "key-author", mayApprove: true));
        Assert.Equal("four-eyes: you submitted this report; approval needs a second person with the approver role",
            ReportActionRules.Refusal(review with { SubmittedBy = "key-mlro2" }, ReportLifecycle.Approve, "key-mlro2", mayApprove: true));
        Assert.Equal("approval needs a second person with the approver role",
            ReportActionRules.Refusal(review, ReportLifecycle.Approve, "key-colleague", mayApprove: false));
        Assert.Equal("returning a report needs the approver role", ReportActionRules.Refusal(review, ReportLifecycle.Return, "key-colleague", false));
        Assert.Equal("the report is ready-for-review; only a draft can be edited (an approver returns it to draft)",
            ReportActionRules.Refusal(review, ReportActionRules.Edit, "key-author", false));
    }

    /// <summary>Every state × person × role: offered exactly when the lifecycle (and the route's role check) lets it through.</summary>
    [Fact]
    public void Offered_exactly_when_the_lifecycle_accepts()
    {
        foreach (var status in Enum.GetValues<ReportStatus>())
        foreach (var actor in new[] { "key-author", "key-submitter", "key-other" })
        foreach (var mayApprove in new[] { false, true })
        {
            var draft = At(status, status == ReportStatus.Draft ? null : "key-submitter");
            foreach (var option in ReportActionRules.For(draft, actor, mayApprove))
            {
                var accepted = option.Action == ReportActionRules.Edit ? EditAccepted(draft) : LifecycleAccepts(draft, option.Action, actor, mayApprove);
                Assert.True(accepted == option.Allowed, $"{option.Action} on {status} by {actor} (approver: {mayApprove}): offered {option.Allowed}, accepted {accepted}");
            }
        }
    }

    private static bool LifecycleAccepts(ReportDraft draft, string action, string actor, bool mayApprove)
    {
        if (ReportLifecycle.NeedsApprover(action) && !mayApprove)
            return false;
        try
        {
            ReportLifecycle.Apply(draft, action, actor, Now, fiuReference: "31000123456789", reason: "please add the cash pattern");
            return true;
        }
        catch (ReportRefusalException)
        {
            return false;
        }
    }

    private static bool EditAccepted(ReportDraft draft)
    {
        try
        {
            new ReportEdit { Narrative = "Edited." }.ApplyTo(draft, Now);
            return true;
        }
        catch (ReportRefusalException)
        {
            return false;
        }
    }
}
