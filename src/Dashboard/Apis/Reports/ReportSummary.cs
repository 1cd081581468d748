using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Apis.Reports;

/// <summary>
/// One row of the board's report list (<c>GET /v1/board/reports</c>, and <c>/v1/board/reports/{id}</c> for the
/// detail's header): who, what and where it stands, and how many validation issues its export has now, without the
/// narrative and the evidence a whole draft carries. Each person comes as the id the audit log records and the name
/// to show (<see cref="PersonNames"/>).
/// </summary>
public sealed record ReportSummary(
    string Id, string Tenant, ReportType Type, ReportStatus Status, long Version, string Author, string AuthorName,
    string? SubmittedBy, string? SubmittedByName, string? Approver, string? ApproverName, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int Alerts, int Transactions, int ValidationIssues, string? FiuReference, DateTimeOffset? ReviewDueAt)
{
    public static ReportSummary Of(ReportDraft draft, int validationIssues, PersonNames names)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(names);
        return new(draft.Id, draft.Tenant, draft.Type, draft.Status, draft.Version, draft.Author, names.Of(draft.Author),
            draft.SubmittedBy, names.OfOptional(draft.SubmittedBy), draft.Approver, names.OfOptional(draft.Approver),
            draft.CreatedAt, draft.UpdatedAt, draft.AlertIds.Length, draft.Content.Transactions.Length, validationIssues,
            draft.FiuReference, draft.ReviewDueAt);
    }

    /// <summary>The ids of the people a draft names, for one <see cref="PersonNames"/> lookup over many drafts.</summary>
    public static IEnumerable<string?> People(ReportDraft draft) => [draft.Author, draft.SubmittedBy, draft.Approver];
}
