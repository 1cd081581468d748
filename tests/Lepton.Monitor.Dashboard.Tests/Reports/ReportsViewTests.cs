using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Lepton.Monitor.Dashboard.Tests.Reports;

/// <summary>
/// Regulator reports on the board in Chromium: an analyst drafts a SAR from a resolved true-positive alert, edits it
/// (a stale save keeps the typed text and says so), submits it; the approve button tells the analyst why not, and the
/// API refuses too; an approver (another key) approves and files it, and downloads the XML. People show by their key's
/// name, the id in the tooltip. The routes the board adds (/v1/board/reports, /actions, /history) are checked beside it.
/// </summary>
[Collection(ReportsCollection.Name)]
public sealed class ReportsViewTests(BoardHost board)
{
    private static readonly object Filer = new
    {
        name = "Example Community Bank", tin = "123456789", transmitterControlCode = "TBSATEST", regulatorCode = "2",
        street = "1 Main Street", city = "Springfield", state = "IL", zip = "62701", country = "US",
        contactOffice = "BSA Office", contactPhone = "2175550100",
    };

    [Fact]
    public async Task An_analyst_drafts_edits_and_submits_and_a_second_person_approves()
    {
        var tenant = await board.NewTenantAsync("reports");
        var (analystKey, approverKey) = (await NamedKeyAsync(tenant, "ana", "analyst"), await NamedKeyAsync(tenant, "mlro", "approver"));
        using var analyst = board.Host.Client(analystKey);
        using var approver = board.Host.Client(approverKey);
        var alert = await board.RaiseCashAlertAsync(tenant, "cust-rpt");
        var alertId = alert.Text("id");
        await ReadAsync(await analyst.PostAsJsonAsync($"/v1/alerts/{alertId}/resolve", new { version = alert["version"]!.GetValue<long>(), disposition = "true-positive" }), HttpStatusCode.OK);
        var page = await board.NewPageAsync(1440, 1300);
        var p = page.Page;

        // The analyst drafts a SAR from the alert's detail.
        await page.SignInAsync(analystKey, $"/alerts/{alertId}");
        var card = p.Locator("section.report-card");
        await Assertions.Expect(card).ToContainTextAsync("in no report yet");
        await card.GetByLabel("Report type").SelectOptionAsync("fincen-sar");
        await card.GetByRole(AriaRole.Button, new() { Name = "Create report draft" }).ClickAsync();
        await Assertions.Expect(p).ToHaveURLAsync(new Regex("/reports/rpt-"));
        var header = p.Locator("header.detail-header");
        await Assertions.Expect(header).ToHaveAttributeAsync("data-status", "draft");
        var id = (await header.GetAttributeAsync("data-report-id"))!;
        await Assertions.Expect(p.Locator($"a[data-alert-link='{alertId}']")).ToHaveAttributeAsync("href", $"/alerts/{alertId}");
        // A SAR drafted without the institution's data still validates (parties marked unknown): the page says so.
        await Assertions.Expect(p.Locator("[data-valid=true]")).ToBeVisibleAsync();

        // An edit goes with the version it was made on.
        var narrative = p.GetByLabel("Narrative");
        await narrative.FillAsync("Cash deposit of 12,500 USD by one customer, inconsistent with the account's profile.");
        await p.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("data-version", "2");

        // Meanwhile a colleague saves the filer's data (version 3); the analyst's next save is stale, keeps the text.
        await ReadAsync(await approver.PatchAsJsonAsync($"/v1/reports/{id}", new { version = 2, filer = Filer, narrative = "Colleague's text." }), HttpStatusCode.OK);
        const string Mine = "Cash deposit of 12,500 USD; the customer gave no source of funds when asked.";
        await narrative.FillAsync(Mine);
        await p.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        var message = p.Locator(".report-message");
        await Assertions.Expect(message).ToContainTextAsync("Someone else changed this report while you were editing (it is now at version 3; they changed narrative, filing institution)");
        await Assertions.Expect(narrative).ToHaveValueAsync(Mine);
        await Assertions.Expect(p.GetByLabel("Institution name")).ToHaveValueAsync("Example Community Bank");
        await p.GetByRole(AriaRole.Button, new() { Name = "Save my edits again" }).ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("data-version", "4");
        await Assertions.Expect(p.Locator("[data-valid=true]")).ToBeVisibleAsync();
        var saved = await analyst.GetFromJsonAsync<JsonObject>($"/v1/reports/{id}");
        Assert.Equal((Mine, "Example Community Bank"), (saved!["content"]!.AsObject().Text("narrative"), saved["content"]!["filer"]!.AsObject().Text("name")));

        // Submitted; the analyst cannot approve: the button says why, and the API refuses as well.
        await p.GetByRole(AriaRole.Button, new() { Name = "Submit for review" }).ClickAsync();
        await Assertions.Expect(header).ToHaveAttributeAsync("data-status", "ready-for-review");
        await Assertions.Expect(p.Locator("button[data-action=approve]")).ToBeDisabledAsync();
        await Assertions.Expect(p.Locator("[data-reason-for=approve]")).ToHaveTextAsync("approval needs a second person with the approver role");
        await Assertions.Expect(p.GetByLabel("Narrative")).ToHaveJSPropertyAsync("readOnly", true);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 5, action = "approve" })).StatusCode);
        await Assertions.Expect(p.Locator("ol.history > li").First).ToHaveAttributeAsync("data-action", "report.submit");

        // An approver who wrote a report cannot approve it either (four-eyes): a goAML draft of the same alert.
        var own = await ReadAsync(await approver.PostAsJsonAsync("/v1/reports", new { type = "goaml-str", alertIds = new[] { alertId } }), HttpStatusCode.Created);
        var ownId = own.Text("id");
        await ReadAsync(await approver.PostAsJsonAsync($"/v1/reports/{ownId}/transitions", new { version = 1, action = "submit" }), HttpStatusCode.OK);
        var ownActions = await approver.GetFromJsonAsync<JsonObject>($"/v1/reports/{ownId}/actions");
        var approve = ownActions!["items"]!.AsArray().Select(i => i!.AsObject()).Single(i => i.Text("action") == "approve");
        Assert.False(approve["allowed"]!.GetValue<bool>());
        Assert.Equal("four-eyes: you wrote this report; approval needs a second person with the approver role", approve.Text("reason"));
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsJsonAsync($"/v1/reports/{ownId}/transitions", new { version = 2, action = "approve" })).StatusCode);

        // The approver's list: both reports, the state filter in the URL, the issue counts.
        var second = await board.NewPageAsync(1440, 900);
        await second.SignInAsync(approverKey, "/reports");
        var q = second.Page;
        await Assertions.Expect(q.Locator("nav [data-nav=reports]")).ToHaveClassAsync(new Regex("active"));
        await Assertions.Expect(q.Locator("tr[data-report-id]")).ToHaveCountAsync(2);
        await Assertions.Expect(q.Locator($"tr[data-report-id='{id}'] [data-issues]")).ToHaveAttributeAsync("data-issues", "0");
        await Assertions.Expect(q.Locator($"tr[data-report-id='{ownId}'] [data-issues]")).Not.ToHaveAttributeAsync("data-issues", "0");
        // Authors by name (the signed-in approver's own marked), the key id the audit log records in the tooltip.
        var analystId = saved.Text("author");
        var approverId = own.Text("author");
        await Assertions.Expect(q.Locator($"tr[data-report-id='{id}'] td.person")).ToHaveTextAsync("ana");
        await Assertions.Expect(q.Locator($"tr[data-report-id='{id}'] td.person")).ToHaveAttributeAsync("title", analystId);
        await Assertions.Expect(q.Locator($"tr[data-report-id='{ownId}'] td.person")).ToHaveTextAsync("mlro (you)");
        await second.ScreenshotAsync("reports.png");
        await q.Locator("[data-state=draft]").ClickAsync();
        await Assertions.Expect(q).ToHaveURLAsync(new Regex("/reports\\?status=draft$"));
        await Assertions.Expect(q.Locator("tr[data-report-id]")).ToHaveCountAsync(0);
        await q.Locator("[data-state=ready-for-review]").ClickAsync();
        await Assertions.Expect(q.Locator("tr[data-report-id]")).ToHaveCountAsync(2);

        // The approver approves the analyst's report, files it and downloads the XML.
        await q.Locator($"tr[data-report-id='{id}'] a").ClickAsync();
        var approverHeader = q.Locator("header.detail-header");
        await Assertions.Expect(approverHeader).ToHaveAttributeAsync("data-status", "ready-for-review");
        await Assertions.Expect(q.Locator("button[data-action=approve]")).ToBeEnabledAsync();
        await Assertions.Expect(q.Locator("ol.history > li")).ToHaveCountAsync(5);
        await Assertions.Expect(q.Locator("[data-field=author] dd")).ToHaveTextAsync("ana");
        await Assertions.Expect(q.Locator("[data-field=author] dd")).ToHaveAttributeAsync("title", analystId);
        await Assertions.Expect(q.Locator("[data-field=submitted-by] dd")).ToHaveTextAsync("ana");
        await Assertions.Expect(q.Locator("ol.history > li[data-action='report.submit'] .actor")).ToHaveTextAsync("ana");
        await Assertions.Expect(q.Locator($"ol.history .actor[title='{approverId}']")).ToHaveCountAsync(1);
        await Assertions.Expect(q.Locator($"ol.history .actor[title='{approverId}']")).ToHaveTextAsync("mlro (you)");
        await Assertions.Expect(q.Locator("ol.history")).Not.ToContainTextAsync("key-");
        await q.SetViewportSizeAsync(1440, 1250);
        await second.ScreenshotAsync("report-detail.png");
        await q.Locator("button[data-action=approve]").ClickAsync();
        await Assertions.Expect(approverHeader).ToHaveAttributeAsync("data-status", "approved");
        await Assertions.Expect(q.Locator("[data-field=approver] dd")).ToHaveTextAsync("mlro (you)");
        await Assertions.Expect(q.Locator("[data-field=approver] dd")).ToHaveAttributeAsync("title", approverId);
        await q.GetByLabel("FIU reference").FillAsync("31000123456789");
        await q.GetByRole(AriaRole.Button, new() { Name = "Mark filed" }).ClickAsync();
        await Assertions.Expect(approverHeader).ToHaveAttributeAsync("data-status", "filed");
        await Assertions.Expect(q.Locator("[data-field=fiu-reference]")).ToContainTextAsync("31000123456789");
        var download = await q.RunAndWaitForDownloadAsync(() => q.GetByRole(AriaRole.Button, new() { Name = "Download XML" }).ClickAsync());
        Assert.Equal($"{id}-fincen-sar.xml", download.SuggestedFilename);

        // Back on the alert, both reports are linked instead of the form.
        await q.GotoAsync($"/alerts/{alertId}");
        await Assertions.Expect(q.Locator("[data-report-link]")).ToHaveCountAsync(2);
        await second.ScreenshotAsync("report-alert-card.png");
        page.AssertClean();
        second.AssertClean();
    }

    [Fact]
    public async Task The_board_routes_answer_summaries_actions_and_history()
    {
        var tenant = await board.NewTenantAsync("reports-api");
        using var analyst = board.Host.Client(await NamedKeyAsync(tenant, "ana", "analyst"));
        var alert = await board.RaiseCashAlertAsync(tenant, "cust-api");
        await ReadAsync(await analyst.PostAsJsonAsync($"/v1/alerts/{alert.Text("id")}/resolve", new { version = alert["version"]!.GetValue<long>(), disposition = "true-positive" }), HttpStatusCode.OK);
        var draft = await ReadAsync(await analyst.PostAsJsonAsync("/v1/reports", new { type = "goaml-str", alertIds = new[] { alert.Text("id") } }), HttpStatusCode.Created);
        var id = draft.Text("id");

        var summary = Assert.Single((await analyst.GetFromJsonAsync<JsonObject>($"/v1/board/reports?alert={alert.Text("id")}"))!["items"]!.AsArray())!.AsObject();
        var validation = await analyst.GetFromJsonAsync<JsonObject>($"/v1/reports/{id}/validation");
        Assert.Equal((id, "goaml-str", "draft", 1), (summary.Text("id"), summary.Text("type"), summary.Text("status"), summary["alerts"]!.GetValue<int>()));
        Assert.Equal(validation!["issues"]!.AsArray().Count, summary["validationIssues"]!.GetValue<int>());
        Assert.Null(summary["content"]);
        Assert.Empty((await analyst.GetFromJsonAsync<JsonObject>("/v1/board/reports?alert=al-none"))!["items"]!.AsArray());
        Assert.Empty((await analyst.GetFromJsonAsync<JsonObject>("/v1/board/reports?status=filed"))!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/v1/board/reports?status=sent")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/v1/board/reports?pageSize=500")).StatusCode);

        var actions = await analyst.GetFromJsonAsync<JsonObject>($"/v1/reports/{id}/actions");
        Assert.Equal("edit:True submit:True return:False approve:False file:False",
            string.Join(' ', actions!["items"]!.AsArray().Select(i => $"{i!.AsObject().Text("action")}:{i["allowed"]!.GetValue<bool>()}")));

        await ReadAsync(await analyst.PostAsJsonAsync($"/v1/reports/{id}/transitions", new { version = 1, action = "submit" }), HttpStatusCode.OK);
        var history = (await analyst.GetFromJsonAsync<JsonObject>($"/v1/reports/{id}/history"))!["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(["report.created", "report.submit"], history.Select(e => e.Text("action")));
        Assert.Equal(("draft", "ready-for-review"), (history[1]["details"]!.AsObject().Text("from"), history[1]["details"]!.AsObject().Text("to")));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/v1/reports/rpt-unknown/actions")).StatusCode);
    }

    [Fact]
    public async Task People_come_back_by_name_beside_their_id_and_an_unknown_key_by_its_id()
    {
        var tenant = await board.NewTenantAsync("reports-names");
        using var analyst = board.Host.Client(await NamedKeyAsync(tenant, "ana", "analyst"));
        var (leaverSecret, leaverId) = await KeyAsync(tenant, "leaver", "analyst");
        using var leaver = board.Host.Client(leaverSecret);
        var alert = await board.RaiseCashAlertAsync(tenant, "cust-names");
        await ReadAsync(await analyst.PostAsJsonAsync($"/v1/alerts/{alert.Text("id")}/resolve", new { version = alert["version"]!.GetValue<long>(), disposition = "true-positive" }), HttpStatusCode.OK);
        var mine = await ReadAsync(await analyst.PostAsJsonAsync("/v1/reports", new { type = "goaml-str", alertIds = new[] { alert.Text("id") } }), HttpStatusCode.Created);
        var theirs = await ReadAsync(await leaver.PostAsJsonAsync("/v1/reports", new { type = "goaml-str", alertIds = new[] { alert.Text("id") } }), HttpStatusCode.Created);
        await ReadAsync(await analyst.PostAsJsonAsync($"/v1/reports/{theirs.Text("id")}/transitions", new { version = 1, action = "submit" }), HttpStatusCode.OK);

        var rows = (await analyst.GetFromJsonAsync<JsonObject>("/v1/board/reports"))!["items"]!.AsArray().Select(i => i!.AsObject()).ToDictionary(r => r.Text("id"));
        var row = rows[theirs.Text("id")];
        Assert.Equal((leaverId, "leaver", mine.Text("author"), "ana"), (row.Text("author"), row.Text("authorName"), row.Text("submittedBy"), row.Text("submittedByName")));
        Assert.Equal("ana", rows[mine.Text("id")].Text("authorName"));
        Assert.Null(row["approverName"]);
        var one = (await analyst.GetFromJsonAsync<JsonObject>($"/v1/board/reports/{theirs.Text("id")}"))!;
        Assert.Equal(("leaver", "ana"), (one.Text("authorName"), one.Text("submittedByName")));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/v1/board/reports/rpt-unknown")).StatusCode);

        // The key is revoked: the audit log still records its id, and that is what shows.
        Assert.Equal(HttpStatusCode.NoContent, (await board.Host.Admin.DeleteAsync($"/v1/keys/{leaverId}")).StatusCode);
        one = (await analyst.GetFromJsonAsync<JsonObject>($"/v1/board/reports/{theirs.Text("id")}"))!;
        Assert.Equal((leaverId, leaverId, "ana"), (one.Text("author"), one.Text("authorName"), one.Text("submittedByName")));
        var history = (await analyst.GetFromJsonAsync<JsonObject>($"/v1/reports/{theirs.Text("id")}/history"))!["items"]!.AsArray().Select(i => i!.AsObject());
        Assert.Equal([("report.created", leaverId, leaverId), ("report.submit", mine.Text("author"), "ana")],
            history.Select(e => (e.Text("action"), e.Text("actor"), e.Text("actorName"))));
    }

    private async Task<string> NamedKeyAsync(string tenant, string name, string role) => (await KeyAsync(tenant, name, role)).Secret;

    private async Task<(string Secret, string Id)> KeyAsync(string tenant, string name, string role)
    {
        var created = await ReadAsync(await board.Host.Admin.PostAsJsonAsync("/v1/keys", new { role, tenant, name }), HttpStatusCode.Created);
        return (created.Text("secret"), created.Text("id"));
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
