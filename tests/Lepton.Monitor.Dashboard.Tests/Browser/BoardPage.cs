using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Lepton.Monitor.Dashboard.Tests.Browser;

/// <summary>
/// One browser page on the board, with the stable automation hooks (PRODUCT/issue contract): the sign-in form's
/// field labelled "API key" and button "Sign in", <c>[data-alert-id]</c> per alert, <c>[data-connection]</c>.
/// </summary>
public sealed class BoardPage(IPage page, Uri app)
{
    public IPage Page { get; } = page;

    /// <summary>Requests the guard refused: any host but the app's.</summary>
    public ConcurrentQueue<string> Foreign { get; } = new();

    public ConcurrentQueue<string> Console { get; } = new();
    public ConcurrentQueue<string> Errors { get; } = new();

    public async Task GuardAsync(IRoute route)
    {
        var url = new Uri(route.Request.Url);
        if (url.Scheme is "data" or "blob" || (url.Host == app.Host && url.Port == app.Port))
        {
            await route.ContinueAsync();
            return;
        }
        Foreign.Enqueue(route.Request.Url);
        await route.AbortAsync("blockedbyclient");
    }

    /// <summary>Fails the test if the page asked any other host for anything or threw an uncaught error.</summary>
    public void AssertClean()
    {
        Assert.True(Foreign.IsEmpty, "the board requested other hosts: " + string.Join(", ", Foreign));
        Assert.True(Errors.IsEmpty, "the board threw: " + string.Join("\n", Errors));
    }

    public async Task SignInAsync(string key, string path = "/")
    {
        await Page.GotoAsync(path);
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-connection]")).ToHaveAttributeAsync("data-connection", "live");
    }

    public ILocator Alert(string id) => Page.Locator($"[data-alert-id=\"{id}\"]");

    public ILocator Connection => Page.Locator("[data-connection]");

    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new PageScreenshotOptions { Path = BoardHost.ScreenshotPath(name) });
}
