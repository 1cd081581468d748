using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Dashboard.Tests.Detail;

[Collection(DetailCollection.Name)]
public sealed class DetailTests(BoardHost board)
{
    [Fact]
    public async Task The_detail_explains_the_alert_and_lists_its_records_pseudonymized()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        var alert = await s.RaiseAsync(12_500m, 15_000m);
        var id = alert.Text("id");
        var page = await board.NewPageAsync();

        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");

        var p = page.Page;
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-alert-id", id);
        await Assertions.Expect(p.Locator(".summary")).ToHaveTextAsync(alert["explanation"]!["summary"]!.GetValue<string>());
        await Assertions.Expect(p.Locator(".legal")).ToHaveTextAsync(alert["explanation"]!["rule"]!["legalSource"]!.GetValue<string>());
        var value = alert["explanation"]!["values"]![0]!;
        var row = p.Locator($"table.values tr[data-value=\"{value["name"]!.GetValue<string>()}\"]");
        await Assertions.Expect(row.Locator("td.op")).ToHaveTextAsync(value["op"]!.GetValue<string>());
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("12,500");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("10,000");
        // A rule alert has no model part: no score, no contributions chart.
        await Assertions.Expect(p.Locator("svg.contrib")).ToHaveCountAsync(0);

        await Assertions.Expect(p.Locator("table.records tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(p.Locator("table.records")).ToContainTextAsync("15,000 USD");
        await Assertions.Expect(p.Locator("table.records")).ToContainTextAsync(alert.Text("entity")); // the pseudonym
        var text = await p.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(s.Customer, text);
        Assert.DoesNotContain(s.Account, text);
        Assert.DoesNotContain(DetailScenario.Name, text);
        Assert.DoesNotContain(DetailScenario.Card, text);
        Assert.DoesNotContain(s.Customer, await p.ContentAsync());
        page.AssertClean();
    }

    [Fact]
    public async Task A_model_alert_shows_its_score_threshold_version_and_signed_contribution_bars()
    {
        // Raising a real model alert needs a deployed model scoring above its threshold; the page only reads the alert's
        // JSON, so the test serves a stored alert with a model explanation as GET /v1/alerts/{id} would.
        var s = await DetailScenario.NewAsync(board, "detail");
        var alert = await s.RaiseAsync(12_500m);
        var id = alert.Text("id");
        alert["kind"] = "model";
        alert["score"] = 0.91;
        alert["modelVersion"] = "risk-v7";
        alert["explanation"]!["model"] = JsonNode.Parse("""
            {"version":"risk-v7","score":0.91,"threshold":0.5,"contributions":[
              {"feature":"amountUsd","value":12500,"contribution":0.42},
              {"feature":"accountAgeDays","value":900,"contribution":-0.17},
              {"feature":"cashShare30d","value":0.8,"contribution":0.11}]}
            """);
        var page = await board.NewPageAsync();
        await page.Page.RouteAsync($"**/v1/alerts/{id}", r => r.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = alert.ToJson() }));

        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");

        var p = page.Page;
        await Assertions.Expect(p.Locator(".model")).ToContainTextAsync("Model risk-v7 scored 0.91 against a threshold of 0.5.");
        await Assertions.Expect(p.Locator("svg.contrib g.bar")).ToHaveCountAsync(3);
        await Assertions.Expect(p.Locator("svg.contrib g.bar").First).ToHaveAttributeAsync("data-feature", "amountUsd");
        await Assertions.Expect(p.Locator("svg.contrib g.bar.down")).ToHaveAttributeAsync("data-feature", "accountAgeDays");
        await Assertions.Expect(p.Locator("svg.contrib g.bar.down text.value")).ToHaveTextAsync("-0.170");
        var widths = await p.Locator("svg.contrib rect").EvaluateAllAsync<double[]>("rs => rs.map(r => r.width.baseVal.value)");
        Assert.True(widths[0] > widths[1] && widths[1] > widths[2], string.Join(", ", widths)); // bars scale with |contribution|
        await p.Locator("section.explain").ScreenshotAsync(new() { Path = BoardHost.ScreenshotPath("detail-model.png") });
        page.AssertClean();
    }

    [Fact]
    public async Task Assigning_commenting_and_resolving_show_in_the_header_and_the_history()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        // A closed alert of the same entity and rule: related, and counted among how similar alerts were disposed.
        var earlier = (await s.RaiseAsync(40_000m)).Text("id");
        var closed = await board.Host.Admin.PostAsJsonAsync($"/v1/alerts/{earlier}/resolve", new { disposition = "true-positive", version = 1 });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var alert = await s.RaiseAsync(12_500m, 11_000m, 30_000m);
        var id = alert.Text("id");
        Assert.NotEqual(earlier, id);
        var page = await board.NewPageAsync(1440, 1700); // tall: the screenshot shows the history too
        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");
        var p = page.Page;
        await Assertions.Expect(p.Locator("table.records tbody tr")).ToHaveCountAsync(3);

        await p.GetByLabel("Assign to").FillAsync("dana");
        await p.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Assertions.Expect(p.Locator("[data-field=assignee] dd")).ToHaveTextAsync("dana");
        await Assertions.Expect(p.Locator("ol.history li[data-action='alert.assigned']")).ToContainTextAsync("dana");

        await p.GetByLabel("Comment", new() { Exact = true }).FillAsync("Customer called: salary paid in cash, checking the payslips.");
        await p.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();
        await Assertions.Expect(p.Locator(".comment-text")).ToHaveTextAsync("Customer called: salary paid in cash, checking the payslips.");

        await p.GetByLabel("Disposition").SelectOptionAsync("false-positive");
        await p.GetByLabel("Resolution comment").FillAsync("payslips match");
        await p.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "resolved");
        await Assertions.Expect(p.Locator(".pill.disposition")).ToHaveTextAsync("false-positive");
        await Assertions.Expect(p.Locator("ol.history li[data-action='alert.resolved']")).ToContainTextAsync("false-positive");
        await Assertions.Expect(p.Locator($".related a[href='/alerts/{earlier}']")).ToHaveCountAsync(2); // same entity, same rule
        await Assertions.Expect(p.Locator(".disp-row[data-disposition=true-positive] .disp-count")).ToHaveTextAsync("1");
        await page.ScreenshotAsync("detail.png");
        page.AssertClean();
    }

    [Fact]
    public async Task A_change_by_someone_else_redraws_the_alert_but_keeps_a_half_written_resolution()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        var alert = await s.RaiseAsync(12_500m);
        var id = alert.Text("id");
        var page = await board.NewPageAsync();
        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");
        var p = page.Page;
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-alert-id", id);

        await p.GetByLabel("Disposition").SelectOptionAsync("false-positive");
        await p.GetByLabel("Resolution comment").FillAsync("payslips match");
        await p.GetByLabel("Comment", new() { Exact = true }).FillAsync("half a thought");
        // A colleague comments meanwhile: the stream brings the new version and the page redraws.
        var colleague = await board.Host.Admin.PostAsJsonAsync($"/v1/alerts/{id}/comment",
            new { version = alert["version"]!.GetValue<long>(), text = "from a colleague" });
        Assert.Equal(HttpStatusCode.OK, colleague.StatusCode);
        await Assertions.Expect(p.Locator(".comment-text")).ToHaveTextAsync("from a colleague");

        await Assertions.Expect(p.GetByLabel("Disposition")).ToHaveValueAsync("false-positive");
        await Assertions.Expect(p.GetByLabel("Resolution comment")).ToHaveValueAsync("payslips match");
        await Assertions.Expect(p.GetByLabel("Comment", new() { Exact = true })).ToHaveValueAsync("half a thought");
        // ... and resolving acts on the version now shown, with what was kept.
        await p.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "resolved");
        await Assertions.Expect(p.Locator(".pill.disposition")).ToHaveTextAsync("false-positive");
        page.AssertClean();
    }

    [Fact]
    public async Task A_comment_holding_markup_renders_as_text_and_runs_nothing()
    {
        const string hostile = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";
        var s = await DetailScenario.NewAsync(board, "detail");
        var id = (await s.RaiseAsync(12_500m)).Text("id");
        var page = await board.NewPageAsync();
        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");
        var p = page.Page;

        await p.GetByLabel("Comment", new() { Exact = true }).FillAsync(hostile);
        await p.GetByRole(AriaRole.Button, new() { Name = "Comment", Exact = true }).ClickAsync();

        await Assertions.Expect(p.Locator(".comment-text")).ToHaveTextAsync(hostile);
        await Assertions.Expect(p.Locator("ol.history blockquote")).ToHaveTextAsync(hostile);
        await p.ReloadAsync();
        await Assertions.Expect(p.Locator(".comment-text")).ToHaveTextAsync(hostile);
        Assert.Equal("undefined", await p.EvaluateAsync<string>("typeof window.__pwned"));
        await Assertions.Expect(p.Locator("main img")).ToHaveCountAsync(0);
        page.AssertClean();
    }

    [Fact]
    public async Task Silence_similar_previews_what_it_matches_then_saves()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        var id = (await s.RaiseAsync(12_500m)).Text("id");
        var page = await board.NewPageAsync();
        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");
        var p = page.Page;

        await Assertions.Expect(p.Locator("table.records tbody tr")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("detail-open.png");
        await p.GetByRole(AriaRole.Button, new() { Name = "Silence similar…" }).ClickAsync();
        var dialog = p.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog.GetByLabel("ruleId value")).ToHaveValueAsync("us-cash-ctr");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Save silence" })).ToBeDisabledAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(dialog.Locator(".preview-count")).ToHaveTextAsync("1");
        await Assertions.Expect(dialog.Locator(".preview")).ToContainTextAsync(id);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save silence" }).ClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        // Saving suppresses the matching open alert; the page follows it live.
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "suppressed");
        var silences = await board.Host.Admin.GetAllAsync($"/v1/silences?tenant={s.Tenant}");
        Assert.Single(silences);
        page.AssertClean();
    }

    [Fact]
    public async Task Four_eyes_the_requester_cannot_approve_and_a_second_analyst_can()
    {
        var s = await DetailScenario.NewAsync(board, "foureyes", fourEyes: true);
        var id = (await s.RaiseAsync(12_500m)).Text("id");
        var ana = await board.NewPageAsync();
        await ana.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");

        await ana.Page.GetByLabel("Disposition").SelectOptionAsync("benign");
        await ana.Page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Assertions.Expect(ana.Page.Locator(".pending")).ToContainTextAsync("requested by ana");
        await ana.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(ana.Page.Locator(".detail-message")).ToContainTextAsync("a second analyst must approve it");
        await Assertions.Expect(ana.Page.Locator(".detail-header")).Not.ToHaveAttributeAsync("data-status", "resolved");

        var bo = await board.NewPageAsync();
        await bo.SignInAsync(await s.KeyAsync("bo"), $"/alerts/{id}");
        await bo.Page.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(bo.Page.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "resolved");
        await Assertions.Expect(bo.Page.Locator(".pill.disposition")).ToHaveTextAsync("benign");
        // Ana's page follows the change live.
        await Assertions.Expect(ana.Page.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "resolved");
        ana.AssertClean();
        bo.AssertClean();
    }

    [Fact]
    public async Task The_a_key_acknowledges_and_a_change_by_someone_else_shows_live()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        var id = (await s.RaiseAsync(12_500m)).Text("id");
        var page = await board.NewPageAsync();
        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");
        var p = page.Page;
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "open");

        await p.Locator("main").PressAsync("a");
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-status", "acknowledged");

        var response = await board.Host.Admin.PostAsJsonAsync($"/v1/alerts/{id}/assign", new { assignee = "lee", version = 2 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assertions.Expect(p.Locator("[data-field=assignee] dd")).ToHaveTextAsync("lee");

        await p.Keyboard.PressAsync("Escape");
        await Assertions.Expect(p).ToHaveURLAsync(board.BaseUrl + "/");
        page.AssertClean();
    }

    [Fact]
    public async Task A_stale_version_shows_the_current_alert_and_says_someone_else_changed_it()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        var id = (await s.RaiseAsync(12_500m)).Text("id");
        var page = await board.NewPageAsync();
        var p = page.Page;
        // No stream: the page keeps version 1 while someone else changes the alert.
        await p.RouteAsync("**/v1/alerts/stream", r => r.FulfillAsync(new() { Status = 503 }));
        await p.GotoAsync($"/alerts/{id}");
        await p.GetByLabel("API key").FillAsync(await s.KeyAsync("ana"));
        await p.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-version", "1");
        var response = await board.Host.Admin.PostAsJsonAsync($"/v1/alerts/{id}/assign", new { assignee = "lee", version = 1 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await p.GetByLabel("Assign to").FillAsync("dana");
        await p.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();

        await Assertions.Expect(p.Locator(".detail-message")).ToContainTextAsync("Someone else changed this alert");
        await Assertions.Expect(p.Locator("[data-field=assignee] dd")).ToHaveTextAsync("lee");
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-version", "2");
    }

    [Fact]
    public async Task The_entity_view_shows_the_entitys_alerts_records_and_dispositions()
    {
        var s = await DetailScenario.NewAsync(board, "entity");
        var alert = await s.RaiseAsync(12_500m, 20_000m);
        var id = alert.Text("id");
        var resolve = await board.Host.Admin.PostAsJsonAsync($"/v1/alerts/{id}/resolve", new { disposition = "true-positive", version = alert["version"]!.GetValue<long>() });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        var page = await board.NewPageAsync();
        await page.SignInAsync(await s.KeyAsync("ana"), $"/alerts/{id}");
        var p = page.Page;

        await p.Locator("a.entity-link").ClickAsync();
        await Assertions.Expect(p).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/entities/"));
        await Assertions.Expect(p.Locator("li.tl.alert")).ToHaveCountAsync(2); // cash, and PII in the memo
        await Assertions.Expect(p.Locator("li.tl.record")).ToHaveCountAsync(2);
        await Assertions.Expect(p.Locator("li.tl.disposition")).ToContainTextAsync("true-positive");
        var text = await p.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(s.Customer, text);
        Assert.DoesNotContain(s.Account, text);
        await page.ScreenshotAsync("entity.png");

        await p.Locator($"li.tl.alert[data-alert-id='{id}'] a").ClickAsync();
        await Assertions.Expect(p.Locator(".detail-header")).ToHaveAttributeAsync("data-alert-id", id);
        page.AssertClean();
    }

    [Fact]
    public async Task Another_tenants_key_gets_404_for_the_detail_data_and_the_page_says_not_found()
    {
        var s = await DetailScenario.NewAsync(board, "detail");
        var alert = await s.RaiseAsync(12_500m);
        var id = alert.Text("id");
        var other = await DetailScenario.NewAsync(board, "intruder");
        var key = await other.KeyAsync("eve");

        using var client = board.Host.Client(key);
        foreach (var path in new[] { $"/v1/alerts/{id}", $"/v1/alerts/{id}/records", $"/v1/alerts/{id}/related", $"/v1/alerts/{id}/history",
                     $"/v1/entities/{alert.Text("entity")}?tenant={s.Tenant}" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        // Without naming the tenant, the key's own tenant is searched: nothing of the other's entity.
        var own = await client.GetFromJsonAsync<JsonObject>($"/v1/entities/{alert.Text("entity")}");
        Assert.Empty(own!["items"]!.AsArray());
        using var integration = board.Host.Client(await s.KeyAsync("siem", "integration"));
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync($"/v1/alerts/{id}/related")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync($"/v1/alerts/{id}/records")).StatusCode);

        var page = await board.NewPageAsync();
        await page.SignInAsync(key, $"/alerts/{id}");
        await Assertions.Expect(page.Page.Locator("main")).ToContainTextAsync("not found");
        page.AssertClean();
    }
}
