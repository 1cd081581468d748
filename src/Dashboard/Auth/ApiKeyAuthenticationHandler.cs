using System.Security.Claims;
using System.Text.Encodings.Web;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Auth;

/// <summary>Bearer API keys: the secret is hashed and looked up; only the hash is ever stored.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var secret = header.AsSpan(7).Trim().ToString();
        var key = await keys.FindBySecretAsync(secret);
        if (key is null)
            return AuthenticateResult.Fail("unknown API key");
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, key.Id), new(ClaimTypes.Role, key.Role) };
        if (key.Tenant is not null)
            claims.Add(new Claim(Caller.TenantClaim, key.Tenant));
        // The key's name is who acts in alert histories (an id says nothing to an auditor); absent, the id is.
        if (!string.IsNullOrWhiteSpace(key.Name))
            claims.Add(new Claim(ClaimTypes.Name, key.Name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Response.WriteAsJsonAsync(new { error = "missing or unknown API key" });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Response.WriteAsJsonAsync(new { error = "this API key's role does not allow that" });
    }
}
