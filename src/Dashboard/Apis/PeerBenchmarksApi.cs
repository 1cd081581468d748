using Lepton.Monitor.Compliance.PeerBenchmarks;
using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET /v1/benchmarks/peers (issue 21 item 5): the caller's tenant's alert rate per rule kind beside the day's
/// differentially private release of all tenants' rates. Comma-separated <c>ruleKind</c> picks kinds (default: the
/// kinds the tenant has alerts of). 429 when every asked kind is refused for the day's spent privacy budget.
/// </summary>
public static class PeerBenchmarksApi
{
    public static RouteGroupBuilder MapPeerBenchmarksApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/benchmarks/peers", Get).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    public static async Task<IResult> Get(HttpContext http, ITenantStore tenants, PeerBenchmarkService benchmarks, string? tenant, string? ruleKind)
    {
        if (!TenantScope.TryResolve(Caller.From(http.User), tenant, tenants, out var info, out var refusal))
            return refusal;
        var kinds = ruleKind?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kinds is { Length: > PeerBenchmarkService.MaxRuleKinds })
            return TypedResults.BadRequest(new ApiError($"ruleKind: at most {PeerBenchmarkService.MaxRuleKinds} kinds"));
        if (kinds?.FirstOrDefault(k => k.Length > 64 || !k.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) is { } bad)
            return TypedResults.BadRequest(new ApiError($"ruleKind: '{bad}' is not a rule kind (lower-case letters, digits, '-')"));
        var answer = await benchmarks.GetAsync(info.Id, kinds, http.RequestAborted);
        var status = answer.Items.Count == 0 && answer.Refused.Count > 0 ? StatusCodes.Status429TooManyRequests : StatusCodes.Status200OK;
        return Results.Json(answer, ComplianceJson.Options, statusCode: status);
    }
}
