namespace Lepton.Monitor.Storage;

/// <summary>
/// Filters for <see cref="IBoardAlertReader"/>; null or empty means "any". Values are the stored lower-case texts.
/// Set <see cref="Tenant"/> for every tenant-scoped caller: null reads all tenants.
/// </summary>
public sealed record BoardAlertQuery
{
    public const int MaxPageSize = 5_000;

    public string? Tenant { get; init; }
    public string? Jurisdiction { get; init; }
    public string? Kind { get; init; }
    public string? Severity { get; init; }

    /// <summary>Any of these statuses (empty: every status).</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>1..<see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>The previous page's next cursor, or null for the first page.</summary>
    public string? Cursor { get; init; }
}
