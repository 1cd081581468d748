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

    public static RouteGroupBuilder MapAlertOutboxApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/alerts/outbox/parked", List).RequireAuthorization(Roles.Policies.Admin);
        v1.MapPost("/alerts/outbox/replay", Replay).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    public static async Task<Ok<IReadOnlyList<ParkedOutboxEntry>>> List(HttpContext http, IAlertOutbox outbox) =>
        TypedResults.Ok(await outbox.ListParkedAsync(MaxListed, http.RequestAborted));

    public static async Task<Results<Ok<ReplayResult>, BadRequest<ApiError>>> Replay(HttpContext http, IAlertOutbox outbox, IAuditLog audit, ReplayRequest? request)
    {
        if (request?.Seqs is { Length: > MaxListed })
            return TypedResults.BadRequest(new ApiError($"seqs: at most {MaxListed}"));
        // Not the request's token: a client that gives up must not leave a replay unrecorded.
        var replayed = await outbox.ReplayParkedAsync(request?.Seqs, CancellationToken.None);
        await audit.AppendAsync(new AuditEvent(Caller.From(http.User).KeyId, null, AuditActions.AlertOutboxReplayed, "alert-outbox",
            new { seqs = request?.Seqs?.Length, replayed }));
        return TypedResults.Ok(new ReplayResult(replayed));
    }
}
