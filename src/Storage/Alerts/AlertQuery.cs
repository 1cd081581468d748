using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Filters for <see cref="IAlertStore.QueryAsync"/>; null means "any". Results come newest first (by id).
/// Set <see cref="Tenant"/> for every tenant-scoped caller: null searches all tenants.
/// </summary>
public sealed record AlertQuery
{
    public string? Tenant { get; init; }
    public string? Jurisdiction { get; init; }
    public AlertKind? Kind { get; init; }
    public Severity? Severity { get; init; }
    public AlertStatus? Status { get; init; }

    /// <summary>Only alerts whose lastSeen is at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    public string? RuleKind { get; init; }
    public string? Entity { get; init; }

    /// <summary>Only alerts that absorbed this record id (any number of record ids, not just the first 1,000 listed).</summary>
    public string? RecordId { get; init; }

    /// <summary>1..500.</summary>
    public int PageSize { get; init; } = Paging.DefaultPageSize;

    /// <summary>The <see cref="Page{T}.NextCursor"/> of the previous page, or null for the first.</summary>
    public string? Cursor { get; init; }
}
