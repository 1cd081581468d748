using System.Security.Claims;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Board;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// What the board asks before it draws anything: <c>GET /v1/ui/config</c> (anonymous: how to sign in, the SLA) and
/// <c>GET /v1/me</c> (who the key or session is, and what it may do, so the board hides what would answer 403).
/// </summary>
public static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/ui/config", Config).AllowAnonymous();
        v1.MapGet("/me", Me).RequireAuthorization();
        return v1;
    }

    public static IResult Config(IOptions<BoardOptions> options, IEnumerable<IBoardSignInMethod> methods) => TypedResults.Ok(new
    {
        sla = options.Value.Sla.ToDictionary(p => p.Key.ToLowerInvariant(), p => (long)p.Value.TotalSeconds),
        maxBoardAlerts = options.Value.MaxBoardAlerts,
        signIn = methods.Select(m => new { m.Id, m.Label, m.Url }).ToArray(),
    });

    public static IResult Me(HttpContext http)
    {
        var caller = Caller.From(http.User);
        var canAct = caller.Role is Roles.Admin or Roles.Analyst or Roles.Approver;
        return TypedResults.Ok(new
        {
            id = caller.KeyId,
            name = http.User.FindFirstValue(ClaimTypes.Name) ?? caller.KeyId,
            role = caller.Role,
            tenant = caller.Tenant,
            via = http.User.Identity?.AuthenticationType,
            can = new
            {
                readAlerts = caller.Role is Roles.Admin or Roles.Analyst or Roles.Approver or Roles.Integration,
                actOnAlerts = canAct,
                manageSilences = canAct,
                readTenantData = canAct,
                chooseTenant = caller.IsAdmin && caller.Tenant is null,
                draftReports = canAct,
                approveReports = caller.Role is Roles.Admin or Roles.Approver,
            },
        });
    }
}

/// <summary>
/// A way to sign in besides the API key form (e.g. OIDC): the board shows one button per method, which navigates to
/// <see cref="Url"/>. Registered in DI by the method's own composition.
/// </summary>
public interface IBoardSignInMethod
{
    string Id { get; }
    string Label { get; }
    string Url { get; }
}
