using System.Net;

namespace Lepton.Monitor.Dashboard.Tests.SignIn;

[Collection(SignInCollection.Name)]
public sealed class SignInTests(BoardHost board)
{
    [Fact]
    public async Task An_analyst_signs_in_with_an_API_key_and_the_stream_goes_live_with_the_key_only_in_session_storage()
    {
        var tenant = await board.NewTenantAsync("signin");
        var key = await board.NewKeyAsync("analyst", tenant);
        var page = await board.NewPageAsync();

        await page.SignInAsync(key);

        await Assertions.Expect(page.Page.Locator("#who")).ToContainTextAsync("analyst");
        Assert.DoesNotContain(key, page.Page.Url);
        Assert.Equal(key, await page.Page.EvaluateAsync<string>("sessionStorage.getItem('lepton.apiKey')"));
        Assert.Null(await page.Page.EvaluateAsync<string?>("localStorage.getItem('lepton.apiKey')"));
        page.AssertClean();
    }

    [Fact]
    public async Task An_unknown_key_is_refused_with_a_message_and_nothing_is_kept()
    {
        var page = await board.NewPageAsync();
        await page.Page.GotoAsync("/");
        await page.Page.GetByLabel("API key").FillAsync("lk_not-a-key");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not known");
        Assert.Null(await page.Page.EvaluateAsync<string?>("sessionStorage.getItem('lepton.apiKey')"));
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "stale");
    }

    [Fact]
    public async Task Signing_out_forgets_the_key_and_a_reload_asks_again()
    {
        var page = await board.NewPageAsync();
        await page.SignInAsync(LeptonTestHost.AdminKey);

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Page.GetByLabel("API key")).ToBeVisibleAsync();
        await page.Page.ReloadAsync();
        await Assertions.Expect(page.Page.GetByLabel("API key")).ToBeVisibleAsync();
        Assert.Null(await page.Page.EvaluateAsync<string?>("sessionStorage.getItem('lepton.apiKey')"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/alerts/a-1")]
    [InlineData("/monitor")]
    [InlineData("/ui/js/app.js")]
    public async Task Every_board_page_and_file_carries_a_self_only_content_security_policy(string path)
    {
        using var client = board.Host.Client(null);
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("http", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task An_unknown_board_file_is_404_and_a_cached_one_revalidates_with_its_ETag()
    {
        using var client = board.Host.Client(null);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ui/js/nope.js")).StatusCode);

        var first = await client.GetAsync("/ui/js/app.js");
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/ui/js/app.js");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }
}
