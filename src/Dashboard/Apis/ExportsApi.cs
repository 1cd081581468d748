using System.Text;
using System.Text.Json;
using Lepton.Monitor.Compliance.Exports;
using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Dashboard.Apis.AlertActions;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// Exports for auditors (issue 21 item 6), tenant-scoped: GET /v1/exports/alerts (alerts with their dispositions for a
/// period, <c>format=csv|json</c>) and GET /v1/exports/audit (the audit trail as a zip that verifies offline). An
/// unscoped admin naming no tenant exports the whole audit log, whose chain a third party can then check link by link.
/// Every export is itself an audit entry (<c>export.alerts</c>, <c>export.audit</c>).
/// </summary>
public static class ExportsApi
{
    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/exports/alerts", Alerts).RequireAuthorization(Roles.Policies.ReadTenantData);
        v1.MapGet("/exports/audit", Audit).RequireAuthorization(Roles.Policies.ReadTenantData);
        return v1;
    }

    public static async Task<IResult> Alerts(HttpContext http, ITenantStore tenants, IAlertStore alerts, IAuditLog audit, string? tenant, DateTimeOffset? from, DateTimeOffset? to, string? format)
    {
        if (!TenantScope.TryResolve(Caller.From(http.User), tenant, tenants, out var info, out var refusal))
            return refusal;
        if (!AlertExportPeriod.TryCreate(from, to, out var period, out var error))
            return TypedResults.BadRequest(new ApiError(error!));
        var kind = (format ?? "csv").ToLowerInvariant();
        if (kind is not ("csv" or "json"))
            return TypedResults.BadRequest(new ApiError("format: csv or json"));
        // Who took which alerts out of the product, and for when, is itself on the record.
        await audit.AppendAsync(new AuditEvent(AlertActor.Of(http.User), info.Id, "export.alerts", $"exports/{info.Id}",
            new { from = period.From, to = period.To, format = kind }), http.RequestAborted);
        var rows = AuditorExportReader.AlertsAsync(alerts, info.Id, period, http.RequestAborted);
        var name = $"alerts-{info.Id}-{period.From.UtcDateTime:yyyyMMdd}-{period.To.UtcDateTime:yyyyMMdd}.{kind}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        ComplianceTelemetry.Exports.Add(1, new KeyValuePair<string, object?>("kind", "alerts-" + kind));
        if (kind == "csv")
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), leaveOpen: true);
            await AlertCsvWriter.WriteAsync(writer, rows, http.RequestAborted);
            return Results.Empty;
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, new AlertExportDocument(info.Id, period.From, period.To, rows), ComplianceJson.Options, http.RequestAborted);
        return Results.Empty;
    }

    public static async Task<IResult> Audit(HttpContext http, ITenantStore tenants, IAuditLog audit, TimeProvider time, string? tenant)
    {
        var caller = Caller.From(http.User);
        string? scope = null;
        if (caller.Tenant is not null || tenant is not null)
        {
            if (!TenantScope.TryResolve(caller, tenant, tenants, out var info, out var refusal))
                return refusal;
            scope = info.Id;
        }
        else if (!caller.IsAdmin)
        {
            return TypedResults.BadRequest(new ApiError("tenant: required"));
        }
        var verification = scope is null ? await audit.VerifyAsync(http.RequestAborted) : await audit.VerifyForTenantAsync(scope, http.RequestAborted);
        var now = time.GetUtcNow();
        // Buffered: a zip's central directory comes last, and a half-written archive must not look like a complete one.
        using var buffer = new MemoryStream();
        var chain = await AuditBundleWriter.WriteAsync(buffer, scope, AuditorExportReader.AuditAsync(audit, scope, http.RequestAborted), verification, now, http.RequestAborted);
        ComplianceTelemetry.Exports.Add(1, new KeyValuePair<string, object?>("kind", "audit-bundle"));
        // Recorded after the bundle is built, so the bundle's last entry is the one its chain.json names.
        await audit.AppendAsync(new AuditEvent(AlertActor.Of(http.User), scope, "export.audit", $"exports/{scope ?? "all"}",
            new { entries = chain.Entries, lastSeq = chain.LastSeq, lastHash = chain.LastHash }), http.RequestAborted);
        return Results.File(buffer.ToArray(), "application/zip", $"audit-{scope ?? "all"}-{now.UtcDateTime:yyyyMMddTHHmmssZ}.zip");
    }

    /// <summary>The JSON export: the period and the alerts, streamed.</summary>
    public sealed record AlertExportDocument(string Tenant, DateTimeOffset From, DateTimeOffset To, IAsyncEnumerable<AlertExportRow> Alerts);
}
