using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.BoardView;

/// <summary>The live board in Chromium: live rows, filters in the URL, keyboard, bulk outcomes, export, resume, isolation.</summary>
[Collection(BoardViewCollection.Name)]
public sealed class BoardBrowserTests(BoardViewHost board)
{
    private async Task<(string Tenant, BoardPage Page)> SignedInAnalystAsync(string prefix, string path = "/")
    {
        var tenant = await board.NewTenantAsync(prefix);
        var page = await board.NewPageAsync();
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant), path);
        return (tenant, page);
    }

    private static ILocator Board(BoardPage page) => page.Page.Locator("section.board");

    [Fact]
    public async Task An_alert_posted_through_the_API_appears_live_without_a_reload()
    {
        var (tenant, page) = await SignedInAnalystAsync("live");
        await Assertions.Expect(Board(page)).ToHaveAttributeAsync("data-loading", "false");
        await Assertions.Expect(page.Page.GetByText("No alerts to triage")).ToBeVisibleAsync();

        var alert = (await board.RaiseAsync(tenant, "live-1"))[0];

        var row = page.Alert(alert.Text("id"));
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("us-cash-ctr");
        await Assertions.Expect(row).ToContainTextAsync(alert.Text("entity"));
        await Assertions.Expect(row.Locator(".b-status")).ToHaveTextAsync("open");
        page.AssertClean();
    }

    [Fact]
    public async Task Filter_and_grouping_live_in_the_URL_and_survive_a_reload()
    {
        var tenant = await board.NewTenantAsync("filter");
        var high1 = (await board.RaiseAsync(tenant, "f1"))[0].Text("id");
        var high2 = (await board.RaiseAsync(tenant, "f2"))[0].Text("id");
        // A payment to Iran: critical (sanctioned country) and, for FATF's list, a high-risk-country alert (high) too.
        var sanctioned = await board.RaiseAsync(tenant, "f3", "sanctioned");
        var critical = sanctioned.Single(a => a.Text("severity") == "critical").Text("id");
        var highs = sanctioned.Where(a => a.Text("severity") == "high").Select(a => a.Text("id")).Append(high1).Append(high2).ToArray();
        var page = await board.NewPageAsync();
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant));
        await Assertions.Expect(page.Alert(critical)).ToBeVisibleAsync();

        await page.Page.GetByRole(AriaRole.Group, new() { Name = "Severity" }).GetByRole(AriaRole.Button, new() { Name = "high" }).ClickAsync();
        await page.Page.GetByLabel("Group by 1").SelectOptionAsync("status");
        await Assertions.Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("severity=high.*group=status"));

        await page.Page.ReloadAsync();
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(Board(page)).ToHaveAttributeAsync("data-loading", "false");
        await Assertions.Expect(page.Page.Locator(".row.group[data-group='g:status=open']")).ToContainTextAsync("Status: open");
        await Assertions.Expect(page.Alert(high1)).ToBeVisibleAsync();
        await Assertions.Expect(page.Alert(high2)).ToBeVisibleAsync();
        await Assertions.Expect(page.Alert(critical)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Page.Locator("[data-alert-id]")).ToHaveCountAsync(highs.Length);
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "high" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Page.GetByLabel("Group by 1")).ToHaveValueAsync("status");

        // Folding the group hides its rows; the header keeps the count.
        await page.Page.Locator(".row.group[data-group='g:status=open']").ClickAsync();
        await Assertions.Expect(page.Page.Locator("[data-alert-id]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Page.Locator(".row.group[data-group='g:status=open'] .group-count")).ToHaveTextAsync(highs.Length.ToString());
        page.AssertClean();
    }

    [Fact]
    public async Task j_k_then_a_acknowledges_the_selected_alert_with_its_version()
    {
        var tenant = await board.NewTenantAsync("keys");
        var older = (await board.RaiseAsync(tenant, "k1"))[0].Text("id");
        var newer = (await board.RaiseAsync(tenant, "k2"))[0].Text("id");
        var page = await board.NewPageAsync();
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant));
        await Assertions.Expect(page.Alert(older)).ToBeVisibleAsync();

        await page.Page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Alert(newer)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        await page.Page.Keyboard.PressAsync("j");
        await page.Page.Keyboard.PressAsync("k");
        await page.Page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Alert(older)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("selected"));
        await page.Page.Keyboard.PressAsync("a");

        await Assertions.Expect(page.Alert(older).Locator(".b-status")).ToHaveTextAsync("acknowledged");
        Assert.Equal("acknowledged", (await board.GetAlertAsync(older)).Text("status"));
        Assert.Equal("open", (await board.GetAlertAsync(newer)).Text("status"));

        // Typing in the search field is text, not commands.
        await page.Page.Keyboard.PressAsync("/");
        await page.Page.Keyboard.TypeAsync("ja");
        await Assertions.Expect(page.Page.GetByLabel("Search")).ToHaveValueAsync("ja");
        Assert.Equal("open", (await board.GetAlertAsync(newer)).Text("status"));
        page.AssertClean();
    }

    [Fact]
    public async Task A_bulk_action_shows_each_alerts_outcome_including_a_stale_one()
    {
        var tenant = await board.NewTenantAsync("bulk");
        var fresh = (await board.RaiseAsync(tenant, "b1"))[0].Text("id");
        var stale = (await board.RaiseAsync(tenant, "b2"))[0];
        var page = await board.NewPageAsync();
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant));
        await Assertions.Expect(page.Alert(fresh)).ToBeVisibleAsync();
        await Assertions.Expect(page.Alert(stale.Text("id"))).ToBeVisibleAsync();

        // Someone else assigns the second alert just as the bulk request leaves the browser: the board sent the old version.
        await page.Page.RouteAsync("**/v1/alerts/bulk", async route =>
        {
            var response = await board.Host.Admin.PostAsync($"/v1/alerts/{stale.Text("id")}/assign",
                JsonContent.Create(new { version = stale["version"]!.GetValue<long>(), assignee = "someone-else" }));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await route.ContinueAsync();
        });
        await page.Alert(fresh).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.Alert(stale.Text("id")).GetByRole(AriaRole.Checkbox).CheckAsync();
        await Assertions.Expect(page.Page.GetByText("2 checked")).ToBeVisibleAsync();
        await page.Page.GetByRole(AriaRole.Group, new() { Name = "Bulk actions" }).GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();

        var dialog = page.Page.GetByRole(AriaRole.Dialog, new() { Name = "Bulk action outcomes" });
        await Assertions.Expect(dialog).ToContainTextAsync("1 of 2 succeeded");
        await Assertions.Expect(dialog.Locator($"[data-outcome-for='{fresh}']")).ToHaveAttributeAsync("data-outcome", "done");
        await Assertions.Expect(dialog.Locator($"[data-outcome-for='{stale.Text("id")}']")).ToHaveAttributeAsync("data-outcome", "stale");
        await Assertions.Expect(dialog.Locator($"[data-outcome-for='{stale.Text("id")}']")).ToContainTextAsync("someone-else");
        Assert.Equal("acknowledged", (await board.GetAlertAsync(fresh)).Text("status"));
        Assert.Equal("open", (await board.GetAlertAsync(stale.Text("id"))).Text("status"));

        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        // The refused alert stays checked (to retry with its new version), the done one is unchecked.
        await Assertions.Expect(page.Page.GetByText("1 checked")).ToBeVisibleAsync();
        await Assertions.Expect(page.Alert(stale.Text("id")).Locator(".b-assignee")).ToHaveTextAsync("someone-else");
        page.AssertClean();
    }

    [Fact]
    public async Task Export_holds_exactly_the_filtered_alerts_as_CSV_and_JSON()
    {
        var tenant = await board.NewTenantAsync("export");
        var raised = new List<JsonObject>();
        raised.AddRange(await board.RaiseAsync(tenant, "e1"));
        raised.AddRange(await board.RaiseAsync(tenant, "e2", "pii"));
        raised.AddRange(await board.RaiseAsync(tenant, "e3", "sanctioned"));
        var high = raised.Where(a => a.Text("severity") == "high").Select(a => a.Text("id")).ToArray();
        var critical = raised.Single(a => a.Text("severity") == "critical").Text("id");
        Assert.True(high.Length >= 2 && raised.Count > high.Length);
        var page = await board.NewPageAsync();
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant), "/?severity=high");
        await Assertions.Expect(Board(page)).ToHaveAttributeAsync("data-loading", "false");
        await Assertions.Expect(page.Page.Locator("[data-alert-id]")).ToHaveCountAsync(high.Length);

        var csvDownload = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await csvDownload.PathAsync())!);
        Assert.StartsWith("id,tenant,", csv[0]);
        var csvIds = csv.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[0].Trim('"')).ToArray();
        Assert.Equal(high.OrderBy(x => x), csvIds.OrderBy(x => x));
        Assert.DoesNotContain(critical, string.Join("\n", csv));

        var jsonDownload = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByRole(AriaRole.Button, new() { Name = "Export JSON" }).ClickAsync());
        var json = JsonNode.Parse(await File.ReadAllTextAsync((await jsonDownload.PathAsync())!))!.AsArray();
        Assert.Equal(high.OrderBy(x => x), json.Select(a => a!["id"]!.GetValue<string>()).OrderBy(x => x));
        Assert.All(json, a => Assert.Equal("high", a!["severity"]!.GetValue<string>()));

        // Cells a spreadsheet would run as formulas are neutralised; quotes are doubled.
        var cells = await page.Page.EvaluateAsync<string[]>(
            "async () => { const m = await import('/ui/js/board/export.js'); return ['=HYPERLINK(\"x\")', '+1', '-2', '@SUM(A1)', 'plain', 'a \"q\"'].map(m.csvCell); }");
        Assert.Equal(["\"'=HYPERLINK(\"\"x\"\")\"", "\"'+1\"", "\"'-2\"", "\"'@SUM(A1)\"", "\"plain\"", "\"a \"\"q\"\"\""], cells);
        page.AssertClean();
    }

    [Fact]
    public async Task A_dropped_stream_goes_stale_and_resumes_without_losing_an_alert()
    {
        var tenant = await board.NewTenantAsync("drop");
        await using var network = new CuttableProxy(board.Host.BaseAddress);
        var browser = await SharedBrowser.GetAsync();
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = network.Address.ToString().TrimEnd('/') });
        var page = new BoardPage(await context.NewPageAsync(), network.Address);
        await context.RouteAsync("**/*", page.GuardAsync);
        page.Page.PageError += (_, error) => page.Errors.Enqueue(error);
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant));
        var before = (await board.RaiseAsync(tenant, "d0"))[0].Text("id");
        await Assertions.Expect(page.Alert(before)).ToBeVisibleAsync();

        network.Cut();
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "stale");
        var whileDown = new List<string>();
        for (var i = 0; i < 3; i++)
            whileDown.Add((await board.RaiseAsync(tenant, $"d{i + 1}"))[0].Text("id"));
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "stale");

        network.Restore();
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live", new() { Timeout = 25_000 });
        foreach (var id in whileDown)
            await Assertions.Expect(page.Alert(id)).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.Locator("[data-alert-id]")).ToHaveCountAsync(4);
        page.AssertClean();
    }

    [Fact]
    public async Task An_analyst_of_one_tenant_never_sees_another_tenants_alerts_even_when_the_URL_names_it()
    {
        var a = await board.NewTenantAsync("iso");
        var b = await board.NewTenantAsync("iso");
        var alertA = (await board.RaiseAsync(a, "ia"))[0].Text("id");
        var alertB = (await board.RaiseAsync(b, "ib"))[0].Text("id");
        var keyA = await board.NewKeyAsync("analyst", a);
        var page = await board.NewPageAsync();

        await page.SignInAsync(keyA, $"/?tenant={b}");
        await Assertions.Expect(Board(page)).ToHaveAttributeAsync("data-loading", "false");
        await Assertions.Expect(page.Alert(alertA)).ToBeVisibleAsync();
        var laterB = (await board.RaiseAsync(b, "ib2"))[0].Text("id");
        var laterA = (await board.RaiseAsync(a, "ia2"))[0].Text("id");
        await Assertions.Expect(page.Alert(laterA)).ToBeVisibleAsync();
        await Assertions.Expect(page.Alert(alertB)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Alert(laterB)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Page.GetByLabel("Tenant")).ToHaveCountAsync(0);
        var seen = await page.Page.Locator("[data-alert-id]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.alertId)");
        Assert.Equal(new[] { laterA, alertA }, seen);

        using var client = board.Host.Client(keyA);
        var other = JsonNode.Parse(await client.GetStringAsync($"/v1/board/alerts?tenant={b}&status=all"))!;
        Assert.Empty(other["items"]!.AsArray());
        page.AssertClean();
    }

    [Fact]
    public async Task A_saved_view_survives_a_reload_and_applies_its_filter()
    {
        var (_, page) = await SignedInAnalystAsync("views");
        await page.Page.GetByRole(AriaRole.Group, new() { Name = "Severity" }).GetByRole(AriaRole.Button, new() { Name = "critical" }).ClickAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Save view" }).ClickAsync();
        await page.Page.GetByLabel("View name").FillAsync("Criticals");
        await page.Page.GetByLabel("View name").PressAsync("Enter");
        Assert.DoesNotContain("lk_", await page.Page.EvaluateAsync<string>("JSON.stringify(localStorage)"));

        await page.Page.GotoAsync("/");
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        Assert.DoesNotContain("severity", page.Page.Url);
        await page.Page.GetByLabel("Saved views").SelectOptionAsync("Criticals");
        await Assertions.Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("severity=critical"));
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Group, new() { Name = "Severity" }).GetByRole(AriaRole.Button, new() { Name = "critical" }))
            .ToHaveAttributeAsync("aria-pressed", "true");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Delete view" }).ClickAsync();
        await Assertions.Expect(page.Page.GetByLabel("Saved views").Locator("option")).ToHaveCountAsync(1);
        page.AssertClean();
    }

    [Fact]
    public async Task New_alerts_arriving_while_scrolled_down_do_not_move_the_row_being_read()
    {
        var tenant = await board.NewTenantAsync("scroll");
        var ids = new List<string>();
        for (var i = 0; i < 14; i++)
            ids.Add((await board.RaiseAsync(tenant, $"s{i}"))[0].Text("id"));
        var page = await board.NewPageAsync(1300, 420);
        await page.SignInAsync(await board.NewKeyAsync("analyst", tenant));
        await Assertions.Expect(Board(page)).ToHaveAttributeAsync("data-loaded", "14");
        // Newest first: ids[13] is on top; scroll so that ids[8] (the 6th row) is the first one in view.
        await page.Page.Locator(".board-viewport").EvaluateAsync("el => el.scrollTop = 5 * 34");
        const string firstInView = """
            () => { const vp = document.querySelector('.board-viewport'); const top = vp.getBoundingClientRect().top;
                    return [...vp.querySelectorAll('[data-alert-id]')].find(r => r.getBoundingClientRect().bottom > top + 5)?.dataset.alertId; }
            """;
        await Assertions.Expect(page.Alert(ids[8])).ToBeInViewportAsync();
        Assert.Equal(ids[8], await page.Page.EvaluateAsync<string>(firstInView));

        await board.RaiseAsync(tenant, "s-new1");
        await board.RaiseAsync(tenant, "s-new2");
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "↑ 2 new" })).ToBeVisibleAsync();
        Assert.Equal(ids[8], await page.Page.EvaluateAsync<string>(firstInView));

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "↑ 2 new" }).ClickAsync();
        await Assertions.Expect(page.Page.Locator("[data-alert-id]").First).ToBeInViewportAsync();
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "↑ 2 new" })).ToBeHiddenAsync();
        page.AssertClean();
    }

    [Fact]
    public async Task Question_mark_opens_the_keyboard_help_and_Escape_closes_it()
    {
        var (_, page) = await SignedInAnalystAsync("help");
        await page.Page.Keyboard.PressAsync("?");
        var help = page.Page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        await Assertions.Expect(help).ToBeVisibleAsync();
        await Assertions.Expect(help).ToContainTextAsync("acknowledge");
        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(help).ToHaveCountAsync(0);
        page.AssertClean();
    }

    [Fact]
    public async Task Screenshots_of_a_realistic_board_and_a_grouped_one()
    {
        var tenants = new[] { await board.NewTenantAsync("acme-bank"), await board.NewTenantAsync("northwind-pay"), await board.NewTenantAsync("globex-fx") };
        var ids = new List<JsonObject>();
        for (var i = 0; i < tenants.Length; i++)
        {
            ids.AddRange(await board.RaiseAsync(tenants[i], $"c{i}a"));
            ids.AddRange(await board.RaiseAsync(tenants[i], $"c{i}b", "pii"));
            ids.AddRange(await board.RaiseAsync(tenants[i], $"c{i}c", "eu-cash"));
            ids.AddRange(await board.RaiseAsync(tenants[i], $"c{i}d"));
        }
        var critical = (await board.RaiseAsync(tenants[0], "c0e", "sanctioned")).Single(a => a.Text("severity") == "critical");
        // Some triage so statuses and assignees are mixed.
        async Task Act(JsonObject alert, string action, object body) =>
            Assert.Equal(HttpStatusCode.OK, (await board.Host.Admin.PostAsync($"/v1/alerts/{alert.Text("id")}/{action}", JsonContent.Create(body))).StatusCode);
        await Act(ids[0], "acknowledge", new { version = ids[0]["version"]!.GetValue<long>() });
        await Act(ids[2], "assign", new { version = ids[2]["version"]!.GetValue<long>(), assignee = "maria" });
        await Act(ids[5], "snooze", new { version = ids[5]["version"]!.GetValue<long>(), until = DateTimeOffset.UtcNow.AddHours(4) });

        var page = await board.NewPageAsync(1600, 820);
        await page.SignInAsync(LeptonTestHost.AdminKey);
        await Assertions.Expect(page.Alert(critical.Text("id"))).ToBeVisibleAsync();
        // The critical alert's 5-second SLA runs out.
        await Assertions.Expect(page.Alert(critical.Text("id"))).ToHaveAttributeAsync("data-sla", "breached", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Page.Locator("[data-count='breached'] b")).Not.ToHaveTextAsync("0");
        await page.Page.Keyboard.PressAsync("j");
        await page.Page.Keyboard.PressAsync("j");
        await page.ScreenshotAsync("board.png");

        await page.Page.GotoAsync("/?group=tenant,severity");
        await Assertions.Expect(page.Connection).ToHaveAttributeAsync("data-connection", "live");
        await Assertions.Expect(page.Page.Locator($".row.group[data-group='g:tenant={tenants[0]}']")).ToBeVisibleAsync();
        await page.Page.Locator($".row.group[data-group='g:tenant={tenants[2]}']").ClickAsync();
        await page.ScreenshotAsync("board-grouped.png");
        page.AssertClean();
    }
}
