using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Dashboard.Auth.Oidc;
using Lepton.Monitor.Dashboard.Tests.Access;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Tests.Oidc;

/// <summary>Sign-in with SSO in Chromium, against a real (minimal) OpenID provider: code flow, PKCE, claims to scope.</summary>
[Collection(OidcCollection.Name)]
public sealed class OidcSignInTests(OidcBoardHost board)
{
    private TestOpenIdProvider Provider => board.Provider;

    [Fact]
    public async Task An_analyst_signs_in_with_SSO_through_PKCE_S256_and_never_sees_another_tenants_alerts()
    {
        var tenantA = await board.NewTenantAsync("sso-a");
        var tenantB = await board.NewTenantAsync("sso-b");
        var bOld = await board.RaiseCashAlertAsync(tenantB, "c-b1");
        var exchangesBefore = Provider.Exchanges.Count;

        var page = await board.SignInWithSsoAsync(new IdpUser("u-ana", "Ana Lyst", ["soc-analyst"], tenantA), screenshot: "oidc-signin-form.png");

        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(page.Page.Locator("#who")).ToContainTextAsync("Ana Lyst");
        await Assertions.Expect(page.Page.Locator("#who")).ToContainTextAsync(tenantA);
        var exchange = Provider.Exchanges.Skip(exchangesBefore).Single();
        Assert.Equal("S256", exchange.CodeChallengeMethod);
        Assert.True(exchange.VerifierMatched, "the token endpoint did not get the verifier of the S256 challenge");
        Assert.Contains("openid", exchange.Scope.Split(' '));
        // The session is an HttpOnly, SameSite=Strict cookie: no token or key reaches the page's script or storage.
        var cookie = Assert.Single(await page.Page.Context.CookiesAsync(), c => c.Name == OidcSchemes.SessionCookieName);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal(-1, cookie.Expires);
        Assert.Null(await page.Page.EvaluateAsync<string?>("sessionStorage.getItem('lepton.apiKey')"));
        Assert.DoesNotContain(OidcSchemes.SessionCookieName, await page.Page.EvaluateAsync<string>("document.cookie"));
        Assert.NotEmpty(Directory.GetFiles(board.Keys.Path, "key-*.xml"));

        var me = await PageProbe.GetAsync(page.Page, "/v1/me");
        Assert.Equal(("analyst", tenantA, "oidc", "oidc:u-ana"), (me.Body!["role"]!.GetValue<string>(), me.Body["tenant"]!.GetValue<string>(), me.Body["via"]!.GetValue<string>(), me.Body["id"]!.GetValue<string>()));

        // The stream: scoped to A by itself, and asking for B carries nothing while B's alerts are raised.
        Assert.Equal(200, await PageProbe.OpenStreamAsync(page.Page, "mine", "/v1/alerts/stream"));
        Assert.Equal(200, await PageProbe.OpenStreamAsync(page.Page, "b", $"/v1/alerts/stream?tenant={tenantB}"));
        var bNew = await board.RaiseCashAlertAsync(tenantB, "c-b2");
        var aNew = await board.RaiseCashAlertAsync(tenantA, "c-a1");
        await PageProbe.WaitForStreamEventAsync(page.Page, "mine", aNew.Text("id"));
        Assert.All(await PageProbe.StreamTenantsAsync(page.Page, "mine"), t => Assert.Equal(tenantA, t));
        Assert.Empty(await PageProbe.StreamTenantsAsync(page.Page, "b"));

        // The list and the alert itself, as the page's own requests.
        var listB = await PageProbe.GetAsync(page.Page, $"/v1/alerts?tenant={tenantB}");
        Assert.Equal(200, listB.Status);
        Assert.Empty(listB.Body!["items"]!.AsArray());
        var all = await PageProbe.GetAsync(page.Page, "/v1/alerts");
        Assert.All(all.Body!["items"]!.AsArray(), a => Assert.Equal(tenantA, a!["tenant"]!.GetValue<string>()));
        Assert.Contains(all.Body["items"]!.AsArray(), a => a!["id"]!.GetValue<string>() == aNew.Text("id"));
        foreach (var b in new[] { bOld, bNew })
            Assert.Equal(404, (await PageProbe.GetAsync(page.Page, $"/v1/alerts/{b.Text("id")}")).Status);
        Assert.Equal(200, (await PageProbe.GetAsync(page.Page, $"/v1/alerts/{aNew.Text("id")}")).Status);

        await page.ScreenshotAsync("oidc-signed-in.png");
        page.AssertClean();
    }

    public static TheoryData<string[], bool, string> RefusedUsers => new()
    {
        // An IdP role outside the RoleMap grants nothing, even one literally named "admin".
        { ["payroll", "admin"], true, "no Lepton Monitor role" },
        { [], true, "no Lepton Monitor role" },
        // Only an admin may be unscoped: an analyst without a tenant claim would otherwise choose any tenant.
        { ["soc-analyst"], false, "needs a tenant" },
    };

    [Theory]
    [MemberData(nameof(RefusedUsers))]
    public async Task A_user_without_a_mapped_role_or_a_needed_tenant_is_refused_and_gets_no_session(string[] roles, bool withTenant, string reason)
    {
        var tenant = await board.NewTenantAsync("sso-refused");
        Provider.NextUser = new IdpUser("u-" + Guid.NewGuid().ToString("N")[..8], "Rita Refused", roles, withTenant ? tenant : null);
        var page = await board.NewSsoPageAsync();
        await page.Page.GotoAsync("/");

        var callback = await page.Page.RunAndWaitForResponseAsync(
            () => page.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with SSO" }).ClickAsync(),
            r => r.Url.Contains("/signin-oidc"));

        Assert.Equal(403, callback.Status);
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not allowed");
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(reason);
        Assert.DoesNotContain(await page.Page.Context.CookiesAsync(), c => c.Name == OidcSchemes.SessionCookieName);
        if (roles.Contains("payroll"))
            await page.ScreenshotAsync("oidc-refused.png");

        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Back to Lepton Monitor" }).ClickAsync();
        await Assertions.Expect(page.Page.GetByLabel("API key")).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeHiddenAsync();
        Assert.Equal(401, (await PageProbe.GetAsync(page.Page, "/v1/me")).Status);
        page.AssertClean();
    }

    [Fact]
    public async Task A_session_request_that_changes_state_needs_the_board_header_so_a_forged_form_is_refused_while_the_board_acts()
    {
        var tenant = await board.NewTenantAsync("sso-csrf");
        var alert = await board.RaiseCashAlertAsync(tenant, "c-csrf");
        var id = alert.Text("id");
        var page = await board.SignInWithSsoAsync(new IdpUser("u-csrf", "Cass", ["soc-analyst"], tenant));
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");

        // A same-site page (the provider's origin: same host, other port, so the Strict cookie IS sent) posting a form.
        var forged = await page.Page.RunAndWaitForResponseAsync(
            () => page.Page.GotoAsync($"{Provider.Issuer}/forge?action={Uri.EscapeDataString($"{board.BaseUrl}/v1/alerts/{id}/acknowledge")}"),
            r => r.Url.EndsWith("/acknowledge"));
        Assert.Equal(403, forged.Status);
        Assert.Equal(403, (await PageProbe.FetchAsync(page.Page, "POST", $"/v1/alerts/{id}/acknowledge", new { version = alert["version"]!.GetValue<long>() }, boardHeader: false)).Status);
        Assert.Equal(403, (await PageProbe.FetchAsync(page.Page, "POST", "/auth/signout", boardHeader: false)).Status);
        var stored = await board.Host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{id}");
        Assert.Equal("open", stored!.Text("status"));

        // The board's own request (api.js adds the header) acts; reading never needed it.
        await page.Page.GotoAsync("/");
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        var status = await page.Page.EvaluateAsync<string>(
            "async ([id, version]) => { const { api } = await import('/ui/js/api.js'); return (await api.post(`/v1/alerts/${id}/acknowledge`, { version })).status; }",
            new object[] { id, alert["version"]!.GetValue<long>() });
        Assert.Equal("acknowledged", status);

        // Signing out (with the header) ends the cookie session.
        Assert.Equal(204, (await PageProbe.FetchAsync(page.Page, "POST", "/auth/signout")).Status);
        Assert.Equal(401, (await PageProbe.GetAsync(page.Page, "/v1/me")).Status);
        page.AssertClean();
    }

    [Theory]
    [InlineData("/monitor", "/monitor")]
    [InlineData("//evil.example/steal", "/")]
    [InlineData("https://evil.example/steal", "/")]
    [InlineData("/\\evil.example", "/")]
    public async Task Login_returns_only_to_a_path_on_the_board(string returnUrl, string landsOn)
    {
        var tenant = await board.NewTenantAsync("sso-return");
        Provider.NextUser = new IdpUser("u-ret", "Reto", ["soc-readonly"], tenant);
        var page = await board.NewSsoPageAsync();

        await page.Page.GotoAsync($"/auth/login?returnUrl={Uri.EscapeDataString(returnUrl)}");

        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        Assert.Equal(board.BaseUrl + landsOn, page.Page.Url);
        page.AssertClean();
    }

    [Fact]
    public async Task Without_a_credential_every_API_route_answers_401_JSON_never_a_redirect_to_the_provider_and_keys_still_work()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = board.Host.BaseAddress };
        // Every protected route of the host: 401 JSON, never a 302 to the provider.
        Assert.Empty(await EndpointSweep.ProtectedAnswersAsync(board.Host));
        var anonymousRoutes = EndpointSweep.Endpoints(board.Host).Where(e => e.Anonymous).Select(e => $"{e.Method} {e.Pattern}").Order();
        Assert.Equal(EndpointSweep.AnonymousByDesign.Concat(["GET /auth/login", "POST /auth/signout"]).Order(), anonymousRoutes);
        var me = await anonymous.GetAsync("/v1/me");
        Assert.Contains("sign in", (await me.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));
        var post = await anonymous.PostAsJsonAsync("/v1/alerts/a-1/acknowledge", new { version = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);

        // API keys beside OIDC: a Bearer header is read by the key handler, an unknown key is still 401.
        Assert.Equal(HttpStatusCode.OK, (await board.Host.Admin.GetAsync("/v1/me")).StatusCode);
        using var unknown = board.Host.Client("lk_unknown");
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("/v1/me")).StatusCode);

        // The flow itself: code + PKCE S256 at the configured provider.
        var login = await anonymous.GetAsync("/auth/login");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!.ToString();
        Assert.StartsWith($"{Provider.Issuer}/authorize?", authorize);
        Assert.Contains("response_type=code", authorize);
        Assert.Contains("code_challenge_method=S256", authorize);
        Assert.Contains($"client_id={OidcBoardHost.ClientId}", authorize);
        var options = board.Host.App.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSchemes.OpenIdConnect);
        Assert.True(options.UsePkce);
        Assert.Equal("code", options.ResponseType);

        var config = await anonymous.GetFromJsonAsync<JsonObject>("/v1/ui/config");
        var method = Assert.Single(config!["signIn"]!.AsArray())!.AsObject();
        Assert.Equal(("oidc", "Sign in with SSO", "/auth/login"), (method.Text("id"), method.Text("label"), method.Text("url")));
    }

    public static TheoryData<string[], bool, string, bool> MappedUsers => new()
    {
        // roles, with tenant, the board role, may choose any tenant
        { ["soc-admin"], false, "admin", true },
        { ["soc-admin"], true, "admin", false },
        { ["soc-readonly", "soc-analyst"], true, "analyst", false },
        { ["soc-readonly"], true, "integration", false },
    };

    [Theory]
    [MemberData(nameof(MappedUsers))]
    public async Task IdP_roles_map_to_one_board_role_and_only_an_IdP_admin_is_unscoped(string[] roles, bool withTenant, string role, bool chooseTenant)
    {
        var tenant = await board.NewTenantAsync("sso-map");
        Provider.NextUser = new IdpUser("u-map", "Mia", roles, withTenant ? tenant : null);
        var cookies = new CookieContainer();
        using var browserLike = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = board.Host.BaseAddress };

        var landed = await browserLike.GetAsync("/auth/login");

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(board.BaseUrl + "/", landed.RequestMessage!.RequestUri!.ToString());
        var me = (await browserLike.GetFromJsonAsync<JsonObject>("/v1/me"))!;
        Assert.Equal(role, me.Text("role"));
        Assert.Equal(withTenant ? tenant : null, me["tenant"]?.GetValue<string>());
        Assert.Equal(chooseTenant, me["can"]!["chooseTenant"]!.GetValue<bool>());
        Assert.Equal("Mia", me.Text("name"));
    }
}
