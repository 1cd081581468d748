namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// The report lifecycle as a table of transitions: <c>submit</c> (draft → ready-for-review), <c>return</c>
/// (ready-for-review → draft, with the reviewer's reason), <c>approve</c> (ready-for-review → approved, four-eyes: not
/// by the author nor the submitter), <c>file</c> (approved → filed, with the FIU's reference; the continuing-activity
/// review falls due <see cref="ContinuingReviewAfter"/> later). Only a draft can be edited.
/// </summary>
public static class ReportLifecycle
{
    public const string Submit = "submit";
    public const string Return = "return";
    public const string Approve = "approve";
    public const string File = "file";

    /// <summary>FinCEN's guidance: continuing activity is reviewed 90 days after the prior SAR is filed.</summary>
    public static readonly TimeSpan ContinuingReviewAfter = TimeSpan.FromDays(90);

    public static IReadOnlyList<string> Actions { get; } = [Submit, Return, Approve, File];

    /// <summary>Actions only a holder of the approval permission may take.</summary>
    public static bool NeedsApprover(string action) => action is Approve or Return;

    /// <summary>The draft after <paramref name="action"/> by <paramref name="actor"/>, version + 1. Throws <see cref="ReportRefusalException"/>.</summary>
    public static ReportDraft Apply(ReportDraft draft, string action, string actor, DateTimeOffset now, string? fiuReference = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        var next = action switch
        {
            Submit => From(draft, ReportStatus.Draft, action) with { Status = ReportStatus.ReadyForReview, SubmittedBy = actor },
            Return => From(draft, ReportStatus.ReadyForReview, action) with { Status = ReportStatus.Draft, SubmittedBy = null },
            Approve => ApproveBy(draft, actor, now),
            File => FileWith(draft, fiuReference, now),
            _ => throw new ReportRefusalException(ReportRefusalKind.BadInput, $"action: must be one of {string.Join('|', Actions)}"),
        };
        if (action == Return && string.IsNullOrWhiteSpace(reason))
            throw new ReportRefusalException(ReportRefusalKind.BadInput, "reason: required when returning a report to its author");
        return next with { Version = draft.Version + 1, UpdatedAt = now };
    }

    /// <summary>Refuses an edit of anything but a draft.</summary>
    public static void RequireEditable(ReportDraft draft)
    {
        if (draft.Status != ReportStatus.Draft)
            throw new ReportRefusalException(ReportRefusalKind.Conflict,
                $"report {draft.Id} is {ReportNames.Of(draft.Status)}; only a draft can be edited (return it to draft first)");
    }

    private static ReportDraft ApproveBy(ReportDraft draft, string actor, DateTimeOffset now)
    {
        From(draft, ReportStatus.ReadyForReview, Approve);
        // Four-eyes: whoever wrote or submitted the report cannot also be the one who approves it.
        if (string.Equals(actor, draft.Author, StringComparison.Ordinal) || string.Equals(actor, draft.SubmittedBy, StringComparison.Ordinal))
            throw new ReportRefusalException(ReportRefusalKind.Forbidden, "four-eyes: the approver must be someone else than the report's author and submitter");
        return draft with { Status = ReportStatus.Approved, Approver = actor, ApprovedAt = now };
    }

    private static ReportDraft FileWith(ReportDraft draft, string? fiuReference, DateTimeOffset now)
    {
        From(draft, ReportStatus.Approved, File);
        if (string.IsNullOrWhiteSpace(fiuReference))
            throw new ReportRefusalException(ReportRefusalKind.BadInput, "fiuReference: required to mark a report filed (the FIU's BSA ID or report number)");
        if (fiuReference.Length > 100)
            throw new ReportRefusalException(ReportRefusalKind.BadInput, "fiuReference: at most 100 characters");
        return draft with
        {
            Status = ReportStatus.Filed,
            FiuReference = fiuReference.Trim(),
            FiledAt = now,
            ReviewDueAt = draft.Type == ReportType.FincenSar || draft.Type == ReportType.GoamlStr ? now + ContinuingReviewAfter : null,
        };
    }

    private static ReportDraft From(ReportDraft draft, ReportStatus required, string action) => draft.Status == required
        ? draft
        : throw new ReportRefusalException(ReportRefusalKind.Conflict,
            $"cannot {action} report {draft.Id}: it is {ReportNames.Of(draft.Status)}, not {ReportNames.Of(required)}");
}
