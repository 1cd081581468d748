using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lepton.Monitor.Dashboard.Tests.Oidc;

/// <summary>Who the provider signs in next: its id_token carries these.</summary>
public sealed record IdpUser(string Subject, string Name, string[] Roles, string? Tenant);

/// <summary>What the provider saw at /authorize, and whether /token got the verifier that matches its challenge.</summary>
public sealed record IdpExchange(string ClientId, string CodeChallenge, string CodeChallengeMethod, string Scope, string RedirectUri)
{
    public string? CodeVerifier { get; set; }
    public bool VerifierMatched { get; set; }
}

/// <summary>
/// A minimal but real OpenID provider on a loopback port: discovery, an RSA JWKS, /authorize that signs in
/// <see cref="NextUser"/> at once and redirects back with a code, and /token that refuses any code_verifier whose
/// S256 hash is not the challenge given at /authorize (RFC 7636), then answers a signed id_token.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    /// <summary>The id_token claim carrying the tenant (the host is configured with this name, not the default).</summary>
    public const string TenantClaim = "lepton_tenant";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly string _keyId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, (IdpExchange Exchange, IdpUser User, string? Nonce)> _codes = new();

    public string ClientId { get; }
    public string Issuer { get; private set; } = "";
    public IdpUser NextUser { get; set; } = new("nobody", "Nobody", [], null);
    public ConcurrentQueue<IdpExchange> Exchanges { get; } = new();
    public ConcurrentQueue<string> RefusedTokenRequests { get; } = new();

    private TestOpenIdProvider(WebApplication app, string clientId)
    {
        _app = app;
        ClientId = clientId;
    }

    public static async Task<TestOpenIdProvider> StartAsync(string clientId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestOpenIdProvider(app, clientId);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Jwks);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.Token);
        app.MapGet("/forge", Forge);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        provider.Issuer = address.TrimEnd('/');
        return provider;
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "none", "client_secret_post" },
    });

    private IResult Jwks()
    {
        var p = _rsa.ExportParameters(false);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = _keyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        string Q(string name) => request.Query[name].ToString();
        var redirect = Q("redirect_uri");
        if (Q("client_id") != ClientId || !Uri.TryCreate(redirect, UriKind.Absolute, out _))
            return Results.BadRequest("unknown client or redirect_uri");
        var state = Uri.EscapeDataString(Q("state"));
        if (Q("response_type") != "code" || Q("code_challenge").Length < 43 || Q("code_challenge_method") != "S256")
            return Results.Redirect($"{redirect}?error=invalid_request&state={state}");
        var exchange = new IdpExchange(Q("client_id"), Q("code_challenge"), Q("code_challenge_method"), Q("scope"), redirect);
        Exchanges.Enqueue(exchange);
        var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        _codes[code] = (exchange, NextUser, request.Query["nonce"].FirstOrDefault());
        return Results.Redirect($"{redirect}?code={code}&state={state}");
    }

    private async Task<IResult> Token(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        string F(string name) => form[name].ToString();
        // A code is good once, for the client and redirect it was issued to, and only with the matching verifier.
        if (F("grant_type") != "authorization_code" || !_codes.TryRemove(F("code"), out var issued)
            || F("client_id") != ClientId || F("redirect_uri") != issued.Exchange.RedirectUri)
            return Refuse("invalid_grant: unknown code, client or redirect_uri");
        var verifier = F("code_verifier");
        issued.Exchange.CodeVerifier = verifier;
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (verifier.Length < 43 || challenge != issued.Exchange.CodeChallenge)
            return Refuse("invalid_grant: code_verifier does not match the code_challenge");
        issued.Exchange.VerifierMatched = true;

        var user = issued.User;
        var claims = new Dictionary<string, object> { ["sub"] = user.Subject, ["name"] = user.Name, ["roles"] = user.Roles };
        if (issued.Nonce is not null)
            claims["nonce"] = issued.Nonce;
        if (user.Tenant is not null)
            claims[TenantClaim] = user.Tenant;
        var now = DateTime.UtcNow;
        var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = _keyId }, SecurityAlgorithms.RsaSha256),
        });
        return Results.Json(new { access_token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)), token_type = "Bearer", expires_in = 300, id_token = idToken });
    }

    /// <summary>An attacker's page on another origin of the same site: a form that posts to the app by itself.</summary>
    private static IResult Forge(string action)
    {
        var target = System.Text.Encodings.Web.HtmlEncoder.Default.Encode(action);
        return Results.Content(
            $"<!doctype html><form id=f method=post action=\"{target}\"><input name=version value=1></form><script>document.getElementById('f').submit()</script>",
            "text/html");
    }

    private IResult Refuse(string why)
    {
        RefusedTokenRequests.Enqueue(why);
        return Results.Json(new { error = "invalid_grant", error_description = why }, statusCode: StatusCodes.Status400BadRequest);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
