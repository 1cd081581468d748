using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.Access;

/// <summary>
/// An analyst of tenant A, signed in with an API key, never loads tenant B's alerts: not on the board, not by editing
/// the URL, not through the stream, not from the console. Every /v1 answer the page got is searched for B.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class TenantIsolationTests(BoardHost board)
{
    private async Task<(string A, string B, BoardPage Page, ResponseLog Log)> AnalystOfAAsync()
    {
        var a = await board.NewTenantAsync("access-a");
        var b = await board.NewTenantAsync("access-b");
        var key = await board.NewKeyAsync("analyst", a);
        var page = await board.NewPageAsync();
        var log = new ResponseLog(page.Page);
        await page.SignInAsync(key);
        return (a, b, page, log);
    }

    private static string Id(JsonObject alert) => alert.Text("id");

    [Fact]
    public async Task The_board_shows_tenant_As_alerts_live_and_none_of_Bs()
    {
        var before = await board.RaiseCashAlertAsync((await board.NewTenantAsync("access-pre")), "c-x");
        var (a, b, page, log) = await AnalystOfAAsync();
        var bOld = await board.RaiseCashAlertAsync(b, "c-b1");
        var aOld = await board.RaiseCashAlertAsync(a, "c-a1");
        await page.Page.ReloadAsync();
        await Assertions.Expect(page.Alert(Id(aOld))).ToBeVisibleAsync();

        var bNew = await board.RaiseCashAlertAsync(b, "c-b2");
        var aNew = await board.RaiseCashAlertAsync(a, "c-a2");

        await Assertions.Expect(page.Alert(Id(aNew))).ToBeVisibleAsync();
        // B's alert was raised first, so the stream would have carried it before A's.
        await Assertions.Expect(page.Page.Locator("[data-alert-id]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Alert(Id(bOld))).ToHaveCountAsync(0);
        await Assertions.Expect(page.Alert(Id(bNew))).ToHaveCountAsync(0);
        await Assertions.Expect(page.Alert(Id(before))).ToHaveCountAsync(0);

        // Asking for B from the console: the list answers empty, the alert itself 404.
        var list = await PageProbe.GetAsync(page.Page, $"/v1/alerts?tenant={b}");
        Assert.Equal(200, list.Status);
        Assert.Empty(list.Body!["items"]!.AsArray());
        Assert.Equal(404, (await PageProbe.GetAsync(page.Page, $"/v1/alerts/{Id(bOld)}")).Status);
        Assert.Equal(404, (await PageProbe.GetAsync(page.Page, $"/v1/alerts/{Id(bOld)}/history")).Status);
        await log.AssertNoneContainsAsync(b, Id(bOld), Id(bNew));
        page.AssertClean();
    }

    [Fact]
    public async Task Editing_the_URL_to_Bs_alert_or_entity_shows_not_found_and_loads_nothing_of_B()
    {
        var (a, b, page, log) = await AnalystOfAAsync();
        var bAlert = await board.RaiseCashAlertAsync(b, "c-b1");
        var aAlert = await board.RaiseCashAlertAsync(a, "c-a1");

        await page.Page.GotoAsync($"/alerts/{Id(bAlert)}");

        await Assertions.Expect(page.Page.Locator("#view")).ToContainTextAsync("not found");
        await page.ScreenshotAsync("access-other-tenant-alert.png");
        await page.Page.GotoAsync($"/entities/{Uri.EscapeDataString(bAlert.Text("entity"))}");
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        // A's own alert opens (the refusal above is about B, not a broken detail).
        await page.Page.GotoAsync($"/alerts/{Id(aAlert)}");
        await Assertions.Expect(page.Page.Locator("#view")).ToContainTextAsync(aAlert.Text("ruleId"));

        var answers = await log.AllAsync();
        var aboutB = answers.Where(r => r.Url.Contains(Id(bAlert), StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(aboutB);
        Assert.All(aboutB, r => Assert.True(r.Status is 403 or 404, $"{r.Url} answered {r.Status}"));
        await log.AssertNoneContainsAsync(b, Id(bAlert), bAlert.RecordIds()[0]);
        page.AssertClean();
    }

    [Fact]
    public async Task The_stream_asked_for_tenant_B_from_the_page_carries_nothing_while_Bs_alerts_are_raised()
    {
        var (a, b, page, _) = await AnalystOfAAsync();
        Assert.Equal(200, await PageProbe.OpenStreamAsync(page.Page, "b", $"/v1/alerts/stream?tenant={b}"));
        Assert.Equal(200, await PageProbe.OpenStreamAsync(page.Page, "mine", "/v1/alerts/stream"));

        var bAlerts = new[] { await board.RaiseCashAlertAsync(b, "c-b1"), await board.RaiseCashAlertAsync(b, "c-b2") };
        var aAlert = await board.RaiseCashAlertAsync(a, "c-a1");

        await PageProbe.WaitForStreamEventAsync(page.Page, "mine", Id(aAlert));
        Assert.All(await PageProbe.StreamTenantsAsync(page.Page, "mine"), t => Assert.Equal(a, t));
        Assert.Empty(await PageProbe.StreamTenantsAsync(page.Page, "b"));
        // The board's own stream (same key) showed A's alert and none of B's.
        await Assertions.Expect(page.Alert(Id(aAlert))).ToBeVisibleAsync();
        foreach (var bAlert in bAlerts)
            await Assertions.Expect(page.Alert(Id(bAlert))).ToHaveCountAsync(0);
        page.AssertClean();
    }
}
