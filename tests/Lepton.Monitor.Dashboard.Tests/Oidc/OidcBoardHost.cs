namespace Lepton.Monitor.Dashboard.Tests.Oidc;

/// <summary>
/// The all-in-one host with OIDC sign-in against <see cref="TestOpenIdProvider"/> (started first: the host's
/// arguments name its address). IdP roles reach the board only through the RoleMap; the tenant claim is renamed.
/// </summary>
public sealed class OidcBoardHost : BoardHost, IAsyncLifetime
{
    public const string ClientId = "lepton-board";

    public TestOpenIdProvider Provider { get; private set; } = null!;

    /// <summary>Where the host keeps the keys that encrypt sessions (Lepton:Oidc:KeysPath).</summary>
    public TempFolder Keys { get; } = new();

    protected override string[] HostArgs =>
    [
        "--Lepton:Oidc:Authority", Provider.Issuer,
        "--Lepton:Oidc:ClientId", ClientId,
        "--Lepton:Oidc:RequireHttpsMetadata", "false",
        "--Lepton:Oidc:TenantClaim", TestOpenIdProvider.TenantClaim,
        "--Lepton:Oidc:RoleMap:soc-admin", "admin",
        "--Lepton:Oidc:RoleMap:soc-analyst", "analyst",
        "--Lepton:Oidc:RoleMap:soc-readonly", "integration",
        "--Lepton:Oidc:KeysPath", Keys.Path,
    ];

    async Task IAsyncLifetime.InitializeAsync()
    {
        Provider = await TestOpenIdProvider.StartAsync(ClientId);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Provider.DisposeAsync();
        Keys.Dispose();
    }

    /// <summary>A board page that may also visit the provider (the sign-in redirects there); any other host still fails.</summary>
    public async Task<BoardPage> NewSsoPageAsync()
    {
        var page = await NewPageAsync();
        // Routes registered later are asked first: the provider's requests pass, everything else meets the guard.
        await page.Page.Context.RouteAsync(Provider.Issuer + "/**", route => route.ContinueAsync());
        return page;
    }

    /// <summary>Signs in through the provider as <paramref name="user"/> from the board's "Sign in with SSO" button.</summary>
    public async Task<BoardPage> SignInWithSsoAsync(IdpUser user, string? screenshot = null)
    {
        Provider.NextUser = user;
        var page = await NewSsoPageAsync();
        await page.Page.GotoAsync("/");
        if (screenshot is not null)
        {
            await Assertions.Expect(page.Page.GetByLabel("API key")).ToBeVisibleAsync();
            await page.ScreenshotAsync(screenshot);
        }
        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Sign in with SSO" }).ClickAsync();
        return page;
    }
}

[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcBoardHost>
{
    public const string Name = "board OIDC sign-in";
}
