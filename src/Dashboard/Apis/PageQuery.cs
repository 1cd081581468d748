namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>Cursor paging shared by every list: pageSize 1..500 (default 100).</summary>
public static class PageQuery
{
    public const int MaxPageSize = 500;

    public static bool TryGetPageSize(int? requested, out int pageSize, out string? error)
    {
        pageSize = requested ?? 100;
        error = pageSize is < 1 or > MaxPageSize ? $"pageSize: must be between 1 and {MaxPageSize}" : null;
        return error is null;
    }
}
