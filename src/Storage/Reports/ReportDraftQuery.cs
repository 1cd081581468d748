namespace Lepton.Monitor.Storage;

/// <summary>
/// A page of report drafts, newest first: one tenant's (null: every tenant's, for an unscoped admin), optionally one
/// status, optionally only those whose continuing-activity review is due at or before <see cref="ReviewDueBy"/>, and
/// optionally only those drafted from one alert (<see cref="AlertId"/>: the board's "is this alert reported yet").
/// </summary>
public sealed record ReportDraftQuery(string? Tenant, string? Status = null, int PageSize = Paging.DefaultPageSize, string? Cursor = null)
{
    public DateTimeOffset? ReviewDueBy { get; init; }

    /// <summary>Only drafts whose document lists this alert id among its <c>alertIds</c>.</summary>
    public string? AlertId { get; init; }
}
