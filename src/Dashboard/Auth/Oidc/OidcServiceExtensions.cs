using Lepton.Monitor.Dashboard.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>
/// Sign-in with OpenID Connect (authorization code + PKCE) for the board, when <c>Lepton:Oidc:Authority</c> is set.
/// Backend-for-frontend: the server runs the code flow and holds the session in an HttpOnly, SameSite=Strict cookie;
/// no token ever reaches the browser's script. API keys keep working beside it (a Bearer header picks them).
/// </summary>
public static class OidcServiceExtensions
{
    private const string SignedInAtItem = "lepton.signedInAt";

    public static AuthenticationBuilder AddLeptonOidc(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var options = configuration.GetSection(LeptonOidcOptions.Section).Get<LeptonOidcOptions>() ?? new LeptonOidcOptions();
        if (!options.Enabled)
            return authentication;
        options.Validate();

        var services = authentication.Services;
        services.AddSingleton(options);
        services.AddSingleton<OidcUserMapping>();
        services.AddSingleton<IBoardSignInMethod>(new OidcSignInMethod(options.Label));
        var protection = services.AddDataProtection().SetApplicationName("Lepton.Monitor");
        if (!string.IsNullOrWhiteSpace(options.KeysPath))
            protection.PersistKeysToFileSystem(new DirectoryInfo(options.KeysPath));
        // Registered after AddAuthentication(ApiKey), so this default wins: every endpoint's authentication goes
        // through the selector, and no policy or endpoint needs to know there are two ways in.
        services.Configure<AuthenticationOptions>(o => o.DefaultScheme = OidcSchemes.Selector);

        authentication.AddPolicyScheme(OidcSchemes.Selector, "API key or board session", o => o.ForwardDefaultSelector = OidcSchemes.ForRequest);
        authentication.AddCookie(OidcSchemes.Session, o => ConfigureSession(o, options));
        authentication.AddOpenIdConnect(OidcSchemes.OpenIdConnect, "SSO", o => ConfigureOpenIdConnect(o, options));
        return authentication;
    }

    private static void ConfigureSession(CookieAuthenticationOptions o, LeptonOidcOptions options)
    {
        o.Cookie.Name = OidcSchemes.SessionCookieName;
        o.Cookie.HttpOnly = true;
        // Strict: no other site can make the browser send it, not even on a top-level link. Other origins of the same
        // site still can (another port of the host), hence the board header on state changes as well.
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = options.SessionIdleTimeout;
        o.SlidingExpiration = true;
        // The API answers, never redirects: a script (or curl) without a session gets 401 JSON, as with a missing key.
        o.Events.OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return context.Response.WriteAsJsonAsync(new { error = "not signed in: send an API key (Authorization: Bearer) or sign in at /auth/login" });
        };
        o.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsJsonAsync(new { error = "your role does not allow that" });
        };
        // Sliding renewal would keep a busy session forever: past the maximum the provider is asked again.
        o.Events.OnValidatePrincipal = async context =>
        {
            if (context.Properties.Items.TryGetValue(SignedInAtItem, out var at)
                && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var signedIn)
                && DateTimeOffset.UtcNow - signedIn < options.SessionMaxLifetime)
                return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(OidcSchemes.Session);
        };
    }

    private static void ConfigureOpenIdConnect(OpenIdConnectOptions o, LeptonOidcOptions options)
    {
        o.Authority = options.Authority;
        o.ClientId = options.ClientId;
        o.ClientSecret = string.IsNullOrWhiteSpace(options.ClientSecret) ? null : options.ClientSecret;
        o.RequireHttpsMetadata = options.RequireHttpsMetadata;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back on a top-level GET redirect, so the correlation and nonce cookies can be SameSite=Lax
        // (form_post would need SameSite=None, which browsers accept only over https).
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SignInScheme = OidcSchemes.Session;
        o.CallbackPath = "/signin-oidc";
        // The board needs the person, not the provider's tokens: nothing is kept but the mapped claims.
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.MapInboundClaims = false;
        o.Scope.Clear();
        foreach (var scope in options.ScopeList)
            o.Scope.Add(scope);
        o.Events.OnTokenValidated = async context =>
        {
            var http = context.HttpContext;
            var user = http.RequestServices.GetRequiredService<OidcUserMapping>().Map(context.Principal!);
            if (user.Refused)
            {
                Logger(http).LogWarning("OIDC sign-in refused for subject {Subject}: {Reason}", context.Principal!.FindFirst("sub")?.Value, user.Refusal);
                await OidcRefusal.WriteAsync(http, StatusCodes.Status403Forbidden, "Signed in, but not allowed here", user.Refusal!);
                context.HandleResponse();
                return;
            }
            context.Principal = user.Principal;
            context.Properties!.IsPersistent = false;
            context.Properties.Items[SignedInAtItem] = DateTimeOffset.UtcNow.ToString("O");
        };
        // A failed exchange (bad state, refused verifier, provider error) is a page that says so, not a 500.
        o.Events.OnRemoteFailure = async context =>
        {
            Logger(context.HttpContext).LogWarning(context.Failure, "OIDC sign-in failed");
            await OidcRefusal.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in failed",
                "the identity provider's answer could not be accepted; start again from the board");
            context.HandleResponse();
        };
    }

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Lepton.Monitor.Dashboard.Auth.Oidc");

    public static WebApplication MapLeptonOidc(this WebApplication app)
    {
        if (app.Services.GetService<LeptonOidcOptions>() is null)
            return app;
        // Added here, after UseAuthentication/UseAuthorization (LeptonHost calls UseLeptonApi first), so the caller is
        // known and the check runs before any endpoint.
        app.Use(async (http, next) =>
        {
            if (BoardClientHeaderCheck.IsRefused(http))
            {
                await BoardClientHeaderCheck.RefuseAsync(http);
                return;
            }
            await next(http);
        });
        app.MapGet("/auth/login", (string? returnUrl) =>
                TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalReturnUrl.OrRoot(returnUrl) }, [OidcSchemes.OpenIdConnect]))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/auth/signout", async (HttpContext http) =>
            {
                if (!BoardClientHeaderCheck.HasBoardHeader(http))
                {
                    await BoardClientHeaderCheck.RefuseAsync(http);
                    return;
                }
                await http.SignOutAsync(OidcSchemes.Session);
                http.Response.StatusCode = StatusCodes.Status204NoContent;
            })
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
