using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.Silences;

/// <summary>
/// Which tenant a silence body is for: a scoped key's own (named or not; another tenant's answers 404, as every route
/// answers for another tenant's resource), or the existing tenant an unscoped admin names.
/// </summary>
public static class SilenceScope
{
    public sealed record Outcome(string? Tenant, int Status, string? Error);

    public static async Task<Outcome> ResolveAsync(Caller caller, string? requested, ITenantStore tenants, CancellationToken ct)
    {
        if (caller.Tenant is not null)
        {
            return requested is null || requested == caller.Tenant
                ? new Outcome(caller.Tenant, StatusCodes.Status200OK, null)
                : NotFound(requested);
        }
        if (string.IsNullOrWhiteSpace(requested))
            return new Outcome(null, StatusCodes.Status400BadRequest, "tenant: required (a key not scoped to a tenant must name the silence's tenant)");
        return await tenants.GetAsync(requested, ct) is null ? NotFound(requested) : new Outcome(requested, StatusCodes.Status200OK, null);
    }

    private static Outcome NotFound(string tenant) => new(null, StatusCodes.Status404NotFound, $"tenant '{tenant}' not found");
}
