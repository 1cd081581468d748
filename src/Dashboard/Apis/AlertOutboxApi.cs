using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET /v1/alerts/outbox/parked (admin: alert events the broker kept refusing, with its reason; payload not shown) and
/// POST /v1/alerts/outbox/replay (admin: put them, or the listed sequences, back in line with no failed attempts).
/// </summary>
public static class AlertOutboxApi
{
    public const int MaxListed = 500;

    public sealed record ReplayRequest(long[]? Seqs);

    public sealed record ReplayResult(int Replayed);

    /// <summary>The list shape of every route (PRODUCT.md §6); one page of at most <see cref="MaxListed"/>, so no cursor.</summary>
    public sealed record ParkedList(IReadOnlyList<ParkedOutboxEntry> Items);

    public static RouteGroupBuilder MapAlertOutboxApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/alerts/outbox/parked", List).RequireAuthorization(Roles.Policies.Admin);
        v1.MapPost("/alerts/outbox/replay", Replay).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    /// <summary>An entry's key is its tenant: a tenant-scoped admin sees and replays only its own tenant's events.</summary>
    public static async Task<Ok<ParkedList>> List(HttpContext http, IAlertOutbox outbox)
    {
        var caller = Caller.From(http.User);
        return TypedResults.Ok(new ParkedList(await outbox.ListParkedAsync(MaxListed, http.RequestAborted, caller.Tenant)));
    }

    public static async Task<Results<Ok<ReplayResult>, BadRequest<ApiError>>> Replay(HttpContext http, IAlertOutbox outbox, IAuditLog audit, ReplayRequest? request)
    {
        if (request?.Seqs is { Length: > MaxListed })
            return TypedResults.BadRequest(new ApiError($"seqs: at most {MaxListed}"));
        var seqs = request?.Seqs;
        var caller = Caller.From(http.User);
        if (caller.Tenant is not null)
        {
            var own = (await outbox.ListParkedAsync(MaxListed, http.RequestAborted, caller.Tenant)).Select(e => e.Seq);
            seqs = (seqs is null ? own : own.Intersect(seqs)).ToArray();
        }
        // Not the request's token: a client that gives up must not leave a replay unrecorded.
        var replayed = seqs is { Length: 0 } ? 0 : await outbox.ReplayParkedAsync(seqs, CancellationToken.None);
        await audit.AppendAsync(new AuditEvent(caller.KeyId, caller.Tenant, AuditActions.AlertOutboxReplayed, "alert-outbox",
            new { seqs = request?.Seqs?.Length, replayed }));
        return TypedResults.Ok(new ReplayResult(replayed));
    }
}
