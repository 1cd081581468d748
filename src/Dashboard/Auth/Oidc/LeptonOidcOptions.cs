using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>
/// OpenID Connect sign-in for the board (section <c>Lepton:Oidc</c>): off unless <see cref="Authority"/> is set.
/// Roles and tenant come from claims of the identity provider's id_token, named here, so any standard provider
/// (Entra ID, Keycloak, Okta, Auth0, …) works without code.
/// </summary>
public sealed class LeptonOidcOptions
{
    public const string Section = "Lepton:Oidc";

    /// <summary>The issuer URL; its <c>/.well-known/openid-configuration</c> names every endpoint and the signing keys.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Confidential clients only; a public client relies on PKCE alone.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Space- or comma-separated; <c>openid</c> is always asked for.</summary>
    public string Scopes { get; set; } = "openid profile";

    /// <summary>The claim holding the user's roles (one value or an array); a dotted path reads into a JSON claim (Keycloak's <c>realm_access.roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    public string TenantClaim { get; set; } = "tenant";

    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// IdP role value → board role (<c>admin</c>, <c>analyst</c>, <c>integration</c>). Empty: the IdP's values must be
    /// those names themselves. Set: only the listed values count, so an unrelated IdP role named "admin" grants nothing.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Only a loopback test provider may be plain http.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The sign-in button's text on the board.</summary>
    public string Label { get; set; } = "Sign in with SSO";

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>…and at the latest this long after sign-in, however busy: a shift, then the IdP is asked again.</summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(10);

    /// <summary>
    /// Folder of the keys that encrypt the session cookie and the sign-in state. Unset: ASP.NET's default (the user's
    /// profile). Several dashboard instances behind one address must share one folder, or a sign-in that starts on one
    /// and returns to another fails.
    /// </summary>
    public string? KeysPath { get; set; }

    /// <summary>The roles a person may hold on the board (ingest is a machine's role: keys only).</summary>
    public static readonly string[] BoardRoles = [Roles.Admin, Roles.Approver, Roles.Analyst, Roles.Integration];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(ClientId);

    public IEnumerable<string> ScopeList =>
        new[] { "openid" }.Concat(Scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal);

    /// <summary>Throws, naming the key, when a setting cannot work: a half-configured sign-in fails at start, not at the first user.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Authority))
            throw new InvalidOperationException($"{Section}:Authority is required when {Section}:ClientId is set (the issuer URL, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0)");
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"{Section}:Authority must be an absolute http(s) URL (was '{Authority}')");
        if (authority.Scheme == "http" && RequireHttpsMetadata)
            throw new InvalidOperationException($"{Section}:Authority must be https (set {Section}:RequireHttpsMetadata false only for a local test provider)");
        if (string.IsNullOrWhiteSpace(ClientId))
            throw new InvalidOperationException($"{Section}:ClientId is required when {Section}:Authority is set (the application/client id registered at the provider)");
        foreach (var (name, value) in new[] { (nameof(RoleClaim), RoleClaim), (nameof(TenantClaim), TenantClaim), (nameof(NameClaim), NameClaim) })
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new InvalidOperationException($"{Section}:{name} must name a claim");
        }
        foreach (var (idpRole, role) in RoleMap)
        {
            if (!BoardRoles.Contains(role))
                throw new InvalidOperationException($"{Section}:RoleMap:{idpRole} must be one of {string.Join(", ", BoardRoles)} (was '{role}')");
        }
        if (SessionIdleTimeout <= TimeSpan.Zero || SessionMaxLifetime < SessionIdleTimeout)
            throw new InvalidOperationException($"{Section}:SessionIdleTimeout must be positive and {Section}:SessionMaxLifetime at least as long");
    }
}
