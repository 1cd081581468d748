using Lepton.Monitor.Contracts;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// GET /v1/drift: per (tenant, jurisdiction) the production model's drift (current check per feature and the score,
/// history for charts) and the fairness of alert rates per sensitive attribute, from the monitor grains, merged across
/// the tenant's shards.
/// </summary>
public static class DriftApi
{
    public static RouteGroupBuilder MapDriftApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/drift", Get).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    public static async Task<IResult> Get(
        HttpContext http, IGrainFactory grains, ITenantStore tenants, string? tenant, string? jurisdiction)
    {
        var caller = Caller.From(http.User);
        if (!TenantScope.TryResolve(caller, tenant, tenants, out var info, out var refusal))
            return refusal;
        var id = info.Id;
        string[] jurisdictions = info.Jurisdictions;
        if (jurisdiction is not null)
        {
            var code = jurisdiction.ToUpperInvariant();
            if (!info.Jurisdictions.Contains(code))
                return TypedResults.NotFound(new ApiError($"jurisdiction '{jurisdiction}' is not enabled for tenant '{id}'"));
            jurisdictions = [code];
        }
        // One view per jurisdiction, merged across the tenant's shards (IJurisdictionViewGrain; one shard: unchanged).
        var shards = Math.Clamp(info.Settings?.Shards ?? 1, MonitorKey.MinShards, MonitorKey.MaxShards);
        var views = await Task.WhenAll(jurisdictions.Select(j => grains.GetGrain<IJurisdictionViewGrain>(MonitorKey.For(id, j)).GetDriftAsync(shards)));
        return TypedResults.Ok(new Page<DriftView>(views, null));
    }
}
