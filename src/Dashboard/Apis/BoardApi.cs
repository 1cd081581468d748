using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Board.Snapshot;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/board/alerts: the board's snapshot (compact rows, up to Lepton:Dashboard:MaxBoardAlerts) and the change-feed position to stream from.</summary>
public static class BoardApi
{
    public static RouteGroupBuilder MapBoardApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/board/alerts", ListBoardAlerts).RequireAuthorization(Roles.Policies.ReadAlerts);
        return v1;
    }

    /// <summary>
    /// Newest first, tenant-scoped exactly like GET /v1/alerts. The first page (no cursor) carries <c>position</c> (the
    /// change-feed seq the rows are consistent with) and <c>total</c> (how many match), read with the rows.
    /// </summary>
    public static async Task<Results<Ok<BoardAlertPage>, BadRequest<ApiError>>> ListBoardAlerts(
        HttpContext http, IBoardAlertReader reader,
        string? tenant, string? jurisdiction, string? kind, string? severity, string[]? status, int? pageSize, string? cursor,
        CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (!BoardSnapshotRequest.TryParse(caller.ScopeFilter(tenant), jurisdiction, kind, severity, status, pageSize, cursor, out var query, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        // A scoped key asking for another tenant gets nothing, not its own tenant's alerts under another name.
        if (caller.Tenant is not null && !string.IsNullOrEmpty(tenant) && tenant != caller.Tenant)
            return TypedResults.Ok(new BoardAlertPage([], null, query.Cursor is null ? 0 : null, query.Cursor is null ? 0 : null));
        return TypedResults.Ok(await reader.ReadAsync(query, ct));
    }
}
