namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// What one person may do to a report in its current state, and why not, so the board can offer only those actions
/// and say the reason beside the others. It states the same rules <see cref="ReportLifecycle"/> enforces (a test
/// holds the two together); the lifecycle stays the authority when the action is taken.
/// </summary>
public static class ReportActionRules
{
    public const string Edit = "edit";

    /// <summary>edit, then the lifecycle actions in their order.</summary>
    public static IReadOnlyList<string> All { get; } = [Edit, .. ReportLifecycle.Actions];

    /// <param name="draft">the report as the person sees it.</param>
    /// <param name="actor">the person's identity (API key id or OIDC subject), as the lifecycle compares it.</param>
    /// <param name="mayApprove">whether their role holds the approval permission (approver or admin).</param>
    public static IReadOnlyList<ReportActionOption> For(ReportDraft draft, string actor, bool mayApprove)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return All.Select(action => Refusal(draft, action, actor, mayApprove) is { } why
            ? new ReportActionOption(action, false, why)
            : new ReportActionOption(action, true, null)).ToList();
    }

    /// <summary>Why <paramref name="actor"/> may not take <paramref name="action"/> now; null when they may.</summary>
    public static string? Refusal(ReportDraft draft, string action, string actor, bool mayApprove)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var status = ReportNames.Of(draft.Status);
        return action switch
        {
            Edit => draft.Status == ReportStatus.Draft ? null : $"the report is {status}; only a draft can be edited (an approver returns it to draft)",
            ReportLifecycle.Submit => draft.Status == ReportStatus.Draft ? null : $"the report is {status}; only a draft is submitted for review",
            ReportLifecycle.Return => draft.Status != ReportStatus.ReadyForReview ? $"the report is {status}; only a report in review is returned"
                : !mayApprove ? "returning a report needs the approver role" : null,
            ReportLifecycle.Approve => ApproveRefusal(draft, actor, mayApprove, status),
            ReportLifecycle.File => draft.Status == ReportStatus.Approved ? null : $"the report is {status}; only an approved report is filed",
            _ => $"unknown action '{action}'",
        };
    }

    private static string? ApproveRefusal(ReportDraft draft, string actor, bool mayApprove, string status)
    {
        if (draft.Status != ReportStatus.ReadyForReview)
            return $"the report is {status}; only a report in review is approved";
        // Same order as the server's checks: the role first (403 before the lifecycle runs), then four-eyes.
        if (!mayApprove)
            return "approval needs a second person with the approver role";
        if (string.Equals(actor, draft.Author, StringComparison.Ordinal))
            return "four-eyes: you wrote this report; approval needs a second person with the approver role";
        if (string.Equals(actor, draft.SubmittedBy, StringComparison.Ordinal))
            return "four-eyes: you submitted this report; approval needs a second person with the approver role";
        return null;
    }
}
