using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Lepton.Monitor.Dashboard.Tests.Posture;

/// <summary>The posture view in Chromium: a card per assessed jurisdiction, its history, the noised peer comparison, exports.</summary>
[Collection(PostureCollection.Name)]
public sealed class PostureViewTests(BoardHost board)
{
    [Fact]
    public async Task An_analyst_sees_the_posture_of_each_jurisdiction_its_history_and_peers()
    {
        var tenant = await board.NewTenantAsync("posture");
        await board.RaiseCashAlertAsync(tenant, "cust-1");
        using var analyst = board.Host.Client(await board.NewKeyAsync("analyst", tenant));
        var put = await analyst.PutAsJsonAsync("/v1/posture/datapoints", new
        {
            jurisdiction = "US", periodRecords = 1000, pepShare = 0.02, nonResidentShare = 0.2, cashShare = 0.4, crossBorderShare = 0.12,
            nonFaceToFaceShare = 0.6, countryExposure = new Dictionary<string, decimal> { ["DE"] = 0.5m, ["FI"] = 0.3m, ["HT"] = 0.2m },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var key = await board.NewKeyAsync("analyst", tenant);
        var page = await board.NewPageAsync(1440, 1400);

        await page.SignInAsync(key, "/posture");

        var us = page.Page.Locator("[data-jurisdiction=US]");
        await Assertions.Expect(us).ToBeVisibleAsync();
        await Assertions.Expect(us).ToHaveAttributeAsync("data-final", new Regex("^(low|medium|substantial|high)$"));
        await Assertions.Expect(us.Locator("tr[data-family=customers]")).ToContainTextAsync("2.50");
        await Assertions.Expect(us.Locator("tr[data-indicator='products.cash-share']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Page.Locator(".posture-note")).ToContainTextAsync("EU: no data points reported");
        await Assertions.Expect(page.Page.Locator("[data-card=history] tr[data-snapshot]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Page.Locator("[data-card=peers] tr[data-rule-kind=threshold]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.Locator("nav [data-nav=posture]")).ToHaveClassAsync(new Regex("active"));
        await page.ScreenshotAsync("posture.png");

        // The audit bundle downloads through the signed-in key.
        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Audit trail bundle (zip)" }).ClickAsync());
        Assert.Matches($"^audit-{tenant}-.*\\.zip$", download.SuggestedFilename);
        page.AssertClean();
    }
}
