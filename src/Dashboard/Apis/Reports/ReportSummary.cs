using Lepton.Monitor.Compliance.Filings;

namespace Lepton.Monitor.Dashboard.Apis.Reports;

/// <summary>
/// One row of the board's report list (<c>GET /v1/board/reports</c>): who, what and where it stands, and how many
/// validation issues its export has now, without the narrative and the evidence a whole draft carries.
/// </summary>
public sealed record ReportSummary(
    string Id, string Tenant, ReportType Type, ReportStatus Status, long Version, string Author, string? SubmittedBy,
    string? Approver, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Alerts, int Transactions, int ValidationIssues,
    string? FiuReference, DateTimeOffset? ReviewDueAt)
{
    public static ReportSummary Of(ReportDraft draft, int validationIssues)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new(draft.Id, draft.Tenant, draft.Type, draft.Status, draft.Version, draft.Author, draft.SubmittedBy, draft.Approver,
            draft.CreatedAt, draft.UpdatedAt, draft.AlertIds.Length, draft.Content.Transactions.Length, validationIssues,
            draft.FiuReference, draft.ReviewDueAt);
    }
}
