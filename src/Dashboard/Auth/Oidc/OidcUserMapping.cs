using System.Security.Claims;
using System.Text.Json;

namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>The board's user made from an id_token, or why that person is refused (no principal then).</summary>
public sealed record OidcUser(ClaimsPrincipal? Principal, string? Refusal)
{
    public bool Refused => Principal is null;
}

/// <summary>
/// Turns the identity provider's claims into exactly the claims an API key carries (role, tenant, name, id), so every
/// policy and tenant check reads an OIDC user as it reads a key. Refuses rather than guesses: no recognised role, a
/// non-admin without a tenant, or two tenants. Several recognised roles give the most privileged (the IdP granted each).
/// </summary>
public sealed class OidcUserMapping(LeptonOidcOptions options)
{
    /// <summary>The authentication type of a board session made here (what <c>/v1/me</c> reports as <c>via</c>).</summary>
    public const string AuthenticationType = "oidc";

    /// <summary>Most privileged first: a person holding two mapped roles gets the higher one.</summary>
    private static readonly string[] Precedence = [Roles.Admin, Roles.Approver, Roles.Analyst, Roles.Integration];

    public OidcUser Map(ClaimsPrincipal idp)
    {
        var subject = idp.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
            return Refuse("the id_token has no subject (sub)");
        var idpRoles = Values(idp, options.RoleClaim).ToArray();
        var role = Precedence.FirstOrDefault(r => idpRoles.Select(BoardRole).Contains(r));
        if (role is null)
        {
            var held = idpRoles.Length == 0 ? $"no '{options.RoleClaim}' claim" : $"'{options.RoleClaim}' = {string.Join(", ", idpRoles)}";
            return Refuse($"no Lepton Monitor role ({held}); ask an administrator to assign admin, approver, analyst or integration at the identity provider");
        }
        var tenants = Values(idp, options.TenantClaim).Distinct(StringComparer.Ordinal).ToArray();
        if (tenants.Length > 1)
            return Refuse($"more than one tenant in '{options.TenantClaim}' ({string.Join(", ", tenants)}); a session is scoped to one");
        var tenant = tenants.SingleOrDefault();
        // Unscoped means every tenant: only an administrator the provider itself named admin may be unscoped.
        if (tenant is null && role != Roles.Admin)
            return Refuse($"the role {role} needs a tenant, and the id_token has no '{options.TenantClaim}' claim");

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, $"oidc:{subject}"), new(ClaimTypes.Role, role) };
        if (tenant is not null)
            claims.Add(new Claim(Caller.TenantClaim, tenant));
        var name = Values(idp, options.NameClaim).FirstOrDefault() ?? idp.FindFirst("preferred_username")?.Value ?? idp.FindFirst("email")?.Value;
        if (!string.IsNullOrWhiteSpace(name))
            claims.Add(new Claim(ClaimTypes.Name, name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role));
        return new OidcUser(principal, null);
    }

    private string? BoardRole(string idpRole) =>
        options.RoleMap.Count > 0
            ? options.RoleMap.GetValueOrDefault(idpRole)
            : LeptonOidcOptions.BoardRoles.FirstOrDefault(r => r == idpRole);

    private static OidcUser Refuse(string reason) => new(null, reason);

    /// <summary>Every value of a claim; <c>a.b</c> reads property b of the JSON object claim a (Keycloak's realm_access.roles).</summary>
    public static IEnumerable<string> Values(ClaimsPrincipal principal, string claim)
    {
        var direct = principal.FindAll(claim).Select(c => c.Value).Where(v => v.Length > 0).ToArray();
        if (direct.Length > 0 || !claim.Contains('.'))
            return direct;
        var path = claim.Split('.');
        var root = principal.FindFirst(path[0])?.Value;
        if (root is null)
            return [];
        try
        {
            using var document = JsonDocument.Parse(root);
            var node = document.RootElement;
            foreach (var step in path.Skip(1))
            {
                if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(step, out node))
                    return [];
            }
            return node.ValueKind switch
            {
                JsonValueKind.Array => node.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
                JsonValueKind.String => [node.GetString()!],
                _ => [],
            };
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
