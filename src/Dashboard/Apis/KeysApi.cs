using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>GET|POST|DELETE /v1/keys (admin): the secret is in the POST answer once; only its hash is kept.</summary>
public static class KeysApi
{
    public sealed record CreateKeyRequest(string? Role, string? Tenant, string? Name);

    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/keys", List).RequireAuthorization(Roles.Policies.Admin);
        v1.MapPost("/keys", Create).RequireAuthorization(Roles.Policies.Admin);
        v1.MapDelete("/keys/{id}", Delete).RequireAuthorization(Roles.Policies.Admin);
        return v1;
    }

    public static async Task<Ok<Page<ApiKeyInfo>>> List(HttpContext http, IApiKeyStore keys, string? tenant)
    {
        var caller = Caller.From(http.User);
        var items = await keys.ListAsync(caller.ScopeFilter(tenant));
        return TypedResults.Ok(new Page<ApiKeyInfo>(items, null));
    }

    public static async Task<Results<Created<CreatedApiKey>, BadRequest<ApiError>, NotFound<ApiError>>> Create(
        HttpContext http, IApiKeyStore keys, ITenantStore tenants, IAuditLog audit, CreateKeyRequest request)
    {
        var caller = Caller.From(http.User);
        if (request.Role is null || !Roles.All.Contains(request.Role))
            return TypedResults.BadRequest(new ApiError($"role: must be one of {string.Join('|', Roles.All)}"));
        if (request.Role != Roles.Admin && request.Tenant is null)
            return TypedResults.BadRequest(new ApiError("tenant: required for a non-admin key"));
        if (request.Tenant is not null)
        {
            if (!caller.CanAccess(request.Tenant) || await tenants.GetAsync(request.Tenant) is null)
                return TypedResults.NotFound(new ApiError($"tenant '{request.Tenant}' not found"));
        }
        else if (caller.Tenant is not null)
        {
            return TypedResults.BadRequest(new ApiError("tenant: a tenant-scoped admin can only mint keys for its tenant"));
        }
        var created = await keys.CreateAsync(request.Role, request.Tenant, request.Name);
        await audit.AppendAsync(new AuditEvent(caller.KeyId, request.Tenant, AuditActions.KeyCreated, $"api-key/{created.Id}",
            new { role = request.Role, name = request.Name }));
        return TypedResults.Created($"/v1/keys/{created.Id}", created);
    }

    public static async Task<Results<NoContent, NotFound<ApiError>>> Delete(HttpContext http, IApiKeyStore keys, IAuditLog audit, string id)
    {
        var caller = Caller.From(http.User);
        var existing = (await keys.ListAsync(caller.Tenant)).FirstOrDefault(k => k.Id == id);
        if (existing is null || !await keys.DeleteAsync(id))
            return TypedResults.NotFound(new ApiError($"key '{id}' not found"));
        await audit.AppendAsync(new AuditEvent(caller.KeyId, existing.Tenant, AuditActions.KeyRevoked, $"api-key/{id}", new { role = existing.Role }));
        return TypedResults.NoContent();
    }
}
