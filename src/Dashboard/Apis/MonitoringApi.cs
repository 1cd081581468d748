using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Monitoring;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET /v1/monitoring/…: per tenant and jurisdiction time series (throughput, scoring latency, alert rate) for the monitoring views.</summary>
public static class MonitoringApi
{
    /// <summary>
    /// One (tenant, jurisdiction)'s series with what the view needs to label it: the tenant's jurisdictions, the
    /// tenants an unscoped admin may pick from, the sampling and the drift/fairness reference values.
    /// </summary>
    public sealed record SeriesView(
        string Tenant,
        string Jurisdiction,
        string[] Jurisdictions,
        string[]? Tenants,
        double SampleIntervalSeconds,
        double RetentionSeconds,
        SignalDisplay Signals,
        MonitoringSeries Series);

    public static RouteGroupBuilder MapMonitoringApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/monitoring/series", Series).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    /// <summary>
    /// A tenant-scoped caller sees its own tenant only (another tenant answers 404, like an unknown one); an unscoped
    /// admin names it. Without <c>jurisdiction</c> the tenant's first enabled one is shown.
    /// </summary>
    public static IResult Series(
        HttpContext http, ITenantStore tenants, MonitoringRecorder recorder, IOptions<MonitoringOptions> options, SignalDisplay signals,
        string? tenant, string? jurisdiction)
    {
        var caller = Caller.From(http.User);
        if (!TenantScope.TryResolve(caller, tenant, tenants, out var info, out var refusal))
            return refusal;
        var id = info.Id;
        var code = string.IsNullOrWhiteSpace(jurisdiction) ? info.Jurisdictions.FirstOrDefault() : jurisdiction.ToUpperInvariant();
        if (code is null || !info.Jurisdictions.Contains(code))
            return TypedResults.NotFound(new ApiError($"jurisdiction '{jurisdiction}' is not enabled for tenant '{id}'"));
        string[]? all = caller.Tenant is null ? [.. tenants.Snapshot.Keys.Order(StringComparer.Ordinal)] : null;
        var o = options.Value;
        return TypedResults.Ok(new SeriesView(id, code, info.Jurisdictions, all, o.Interval.TotalSeconds, o.Retention.TotalSeconds, signals,
            recorder.Read(id, code)));
    }
}
