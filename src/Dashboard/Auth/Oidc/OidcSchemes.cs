namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>The authentication schemes of OIDC sign-in, beside <see cref="ApiKeyAuthenticationHandler.SchemeName"/>.</summary>
public static class OidcSchemes
{
    /// <summary>The default when OIDC is on: a Bearer header goes to the API key handler, anything else to the session.</summary>
    public const string Selector = "Lepton";

    /// <summary>The board session cookie the OIDC sign-in ends in.</summary>
    public const string Session = "LeptonSession";

    /// <summary>The OpenID Connect handler itself: only <c>/auth/login</c> challenges it.</summary>
    public const string OpenIdConnect = "oidc";

    public const string SessionCookieName = "lepton.session";

    /// <summary>What marks a request as the board's own script (a cross-site form or link cannot send a header).</summary>
    public const string ClientHeader = "X-Lepton-Client";
    public const string ClientHeaderValue = "board";

    public static string ForRequest(HttpContext http) =>
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? ApiKeyAuthenticationHandler.SchemeName
            : Session;
}
