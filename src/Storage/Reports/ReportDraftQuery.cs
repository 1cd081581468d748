namespace Lepton.Monitor.Storage;

/// <summary>
/// A page of report drafts, newest first: one tenant's (null: every tenant's, for an unscoped admin), optionally one
/// status, optionally only those whose continuing-activity review is due at or before <see cref="ReviewDueBy"/>.
/// </summary>
public sealed record ReportDraftQuery(string? Tenant, string? Status = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
{
    public DateTimeOffset? ReviewDueBy { get; init; }
}
