using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>The action routes over real HTTP: roles, tenant scope, the version check, bad input and each action's answer.</summary>
[Collection(LifecycleHostCollection.Name)]
public sealed class AlertActionsHttpTests(LifecycleHostFixture fixture)
{
    private readonly LeptonTestHost _host = fixture.Host;

    [Fact]
    public async Task An_analyst_acts_on_its_tenants_alert_and_each_answer_is_the_alert_as_changed()
    {
        var analyst = await fixture.ClientAsync("analyst", "acme", "ana");
        var alert = await fixture.RaiseAlertAsync("acme");
        Assert.Equal(("open", 1L), (alert.Text("status"), alert.Version()));

        var (status, acknowledged) = await analyst.ActAsync(alert, "acknowledge");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("acknowledged", 2L), (acknowledged.Text("status"), acknowledged.Version()));
        Assert.True(DateTimeOffset.Parse(acknowledged.Text("updatedAt")) >= DateTimeOffset.Parse(alert.Text("updatedAt")));

        var (_, assigned) = await analyst.ActAsync(acknowledged, "assign", new { assignee = "bo" });
        Assert.Equal(("bo", 3L), (assigned.Text("assignee"), assigned.Version()));
        var (_, mine) = await analyst.ActAsync(assigned, "assign-to-me");
        Assert.Equal(("ana", 4L), (mine.Text("assignee"), mine.Version()));

        var (_, commented) = await analyst.ActAsync(mine, "comment", new { text = "customer called: payroll" });
        var comment = Assert.Single(commented["comments"]!.AsArray())!.AsObject();
        Assert.Equal(("ana", "customer called: payroll"), (comment.Text("author"), comment.Text("text")));

        var (_, escalated) = await analyst.ActAsync(commented, "escalate");
        Assert.Equal(("critical", "ana"), (escalated.Text("severity"), escalated.Text("escalatedBy")));
        var (tooHigh, reason) = await analyst.ActAsync(escalated, "escalate");
        Assert.Equal(HttpStatusCode.Conflict, tooHigh);
        Assert.Contains("already critical", reason.Text("error"));

        var (_, resolved) = await analyst.ActAsync(escalated, "resolve", new { disposition = "true-positive", comment = "filed a CTR" });
        Assert.Equal(("resolved", "true-positive"), (resolved.Text("status"), resolved.Text("disposition")));

        var (ackResolved, why) = await analyst.ActAsync(resolved, "acknowledge");
        Assert.Equal(HttpStatusCode.Conflict, ackResolved);
        Assert.Contains("is resolved", why.Text("error"));

        var (_, reopened) = await analyst.ActAsync(resolved, "reopen");
        Assert.Equal("open", reopened.Text("status"));
        Assert.Null(reopened["disposition"]);

        var until = DateTimeOffset.UtcNow.AddHours(4);
        var (_, snoozed) = await analyst.ActAsync(reopened, "snooze", new { until });
        Assert.Equal("snoozed", snoozed.Text("status"));
        Assert.Equal(until, DateTimeOffset.Parse(snoozed.Text("snoozedUntil")), TimeSpan.FromMilliseconds(1));
        Assert.Equal(9L, snoozed.Version());

        // GET serves what the actions answered.
        var stored = await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}");
        Assert.Equal(snoozed.ToJson(), stored!.ToJson());
    }

    [Fact]
    public async Task Integration_and_ingest_keys_get_403_and_another_tenants_key_gets_404()
    {
        var alert = await fixture.RaiseAlertAsync("acme");
        var integration = await fixture.ClientAsync("integration", "acme", "siem");
        var ingest = await fixture.ClientAsync("ingest", "acme", "feed");
        var rival = await fixture.ClientAsync("analyst", "rival", "eve");

        foreach (var action in new[] { "acknowledge", "assign-to-me", "comment", "resolve", "approve" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await integration.ActAsync(alert, action, new { text = "x", disposition = "benign" })).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await ingest.ActAsync(alert, action, new { text = "x", disposition = "benign" })).Status);
            var (status, body) = await rival.ActAsync(alert, action, new { text = "x", disposition = "benign" });
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.DoesNotContain("acme", body.ToJson());
        }
        // Even with a stale version, another tenant's alert is 404, never a 409 that would show it.
        Assert.Equal(HttpStatusCode.NotFound, (await rival.ActAsync(alert.Text("id"), 99, "acknowledge")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await rival.GetAsync($"/v1/alerts/{alert.Text("id")}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync($"/v1/alerts/{alert.Text("id")}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync($"/v1/alerts/{alert.Text("id")}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Admin.ActAsync("al-nosuch", 1, "acknowledge")).Status);

        var bulk = await rival.PostAsJsonAsync("/v1/alerts/bulk", new { action = "acknowledge", items = new[] { new { id = alert.Text("id"), version = 1 } } });
        Assert.Equal(404, (await bulk.Content.ReadFromJsonAsync<JsonObject>())!["items"]![0]!["status"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.PostAsJsonAsync("/v1/alerts/bulk", new { action = "acknowledge", items = Array.Empty<object>() })).StatusCode);

        // Nothing of that changed the alert.
        Assert.Equal(1L, (await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}"))!.Version());
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "acknowledge", "{}", "version: required" },
        { "resolve", """{"version":1}""", "disposition: required" },
        { "resolve", """{"version":1,"disposition":"maybe"}""", "disposition: must be one of" },
        { "assign", """{"version":1}""", "assignee: required" },
        { "comment", """{"version":1,"text":""}""", "text: required" },
        { "comment", $$"""{"version":1,"text":"{{new string('x', 4001)}}"}""", "text: at most 4000 characters" },
        { "snooze", """{"version":1,"until":"2020-01-01T00:00:00Z"}""", "is not in the future" },
        { "snooze", $$"""{"version":1,"until":"{{DateTimeOffset.UtcNow.AddDays(31):O}}"}""", "at most 30 days ahead" },
        { "escalate", """{"version":1,"severity":"extreme"}""", "severity: must be one of" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_answers_400_with_the_reason_and_changes_nothing(string action, string body, string reason)
    {
        var alert = await fixture.RaiseAlertAsync("acme");
        var analyst = await fixture.ClientAsync("analyst", "acme", "ana");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await analyst.PostAsync($"/v1/alerts/{alert.Text("id")}/{action}", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await LifecycleHttp.ReadObjectAsync(response)).Text("error"));
        Assert.Equal(1L, (await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}"))!.Version());
    }

    [Fact]
    public async Task Two_acknowledges_with_the_same_version_exactly_one_wins_and_the_other_gets_the_current_alert()
    {
        var ana = await fixture.ClientAsync("analyst", "acme", "ana");
        var bo = await fixture.ClientAsync("analyst", "acme", "bo");
        for (var round = 0; round < 3; round++)
        {
            var alert = await fixture.RaiseAlertAsync("acme");
            var answers = await Task.WhenAll(ana.ActAsync(alert, "acknowledge"), bo.ActAsync(alert, "acknowledge"));

            var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            var lost = Assert.Single(answers, a => a.Status == HttpStatusCode.Conflict);
            Assert.Equal(("acknowledged", 2L), (won.Body.Text("status"), won.Body.Version()));
            // The loser's body is the current alert, exactly as GET serves it (the board redraws from it).
            var current = await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}");
            Assert.Equal(current!.ToJson(), lost.Body.ToJson());
            Assert.Equal(won.Body.ToJson(), lost.Body.ToJson());
        }
    }

    [Fact]
    public async Task A_stale_version_answers_409_with_the_current_alert()
    {
        var analyst = await fixture.ClientAsync("analyst", "acme", "ana");
        var alert = await fixture.RaiseAlertAsync("acme");
        var (_, assigned) = await analyst.ActAsync(alert, "assign", new { assignee = "bo" });

        var (status, body) = await analyst.ActAsync(alert, "comment", new { text = "on the old version" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(assigned.ToJson(), body.ToJson());
        Assert.Empty(body["comments"]!.AsArray());
    }

    [Fact]
    public async Task Bulk_answers_each_alert_in_request_order()
    {
        var analyst = await fixture.ClientAsync("analyst", "acme", "ana");
        var fresh = await fixture.RaiseAlertAsync("acme");
        var stale = await fixture.RaiseAlertAsync("acme");
        await analyst.ActAsync(stale, "assign", new { assignee = "bo" });
        var resolved = await fixture.RaiseAlertAsync("acme");
        var (_, resolvedNow) = await analyst.ActAsync(resolved, "resolve", new { disposition = "benign" });
        var rivals = await fixture.RaiseAlertAsync("rival");

        var response = await analyst.PostAsJsonAsync("/v1/alerts/bulk", new
        {
            action = "acknowledge",
            items = new object[]
            {
                new { id = fresh.Text("id"), version = 1 },
                new { id = stale.Text("id"), version = 1 },
                new { id = resolved.Text("id"), version = resolvedNow.Version() },
                new { id = rivals.Text("id"), version = 1 },
                new { id = "al-nosuch", version = 1 },
                new { id = fresh.Text("id") },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(n => n!.AsObject()).ToArray();
        Assert.Equal(new[] { 200, 409, 409, 404, 404, 400 }, items.Select(i => i["status"]!.GetValue<int>()));
        Assert.Equal(new[] { fresh.Text("id"), stale.Text("id"), resolved.Text("id"), rivals.Text("id"), "al-nosuch", fresh.Text("id") },
            items.Select(i => i.Text("id")));
        Assert.Equal("acknowledged", items[0]["alert"]!["status"]!.GetValue<string>());
        Assert.Equal(2L, items[1]["alert"]!.AsObject().Version());
        Assert.Contains("stale", items[1].Text("error"));
        Assert.Contains("is resolved", items[2].Text("error"));
        Assert.Null(items[3]["alert"]);
        Assert.Contains("version: required", items[5].Text("error"));
        Assert.Equal("open", (await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/alerts/{rivals.Text("id")}"))!.Text("status"));
    }

    [Fact]
    public async Task Bulk_refuses_a_bad_request_as_a_whole()
    {
        var analyst = await fixture.ClientAsync("analyst", "acme", "ana");
        async Task<string> Refusal(object body)
        {
            var response = await analyst.PostAsJsonAsync("/v1/alerts/bulk", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await LifecycleHttp.ReadObjectAsync(response)).Text("error");
        }
        Assert.Contains("action: must be one of", await Refusal(new { action = "delete", items = new[] { new { id = "al-1", version = 1 } } }));
        Assert.Contains("items: at least one", await Refusal(new { action = "acknowledge", items = Array.Empty<object>() }));
        Assert.Contains("at most 500",
            await Refusal(new { action = "acknowledge", items = Enumerable.Range(0, 501).Select(i => new { id = $"al-{i}", version = 1 }).ToArray() }));
        Assert.Contains("disposition: required", await Refusal(new { action = "resolve", items = new[] { new { id = "al-1", version = 1 } } }));
    }

    [Fact]
    public async Task Bulk_assign_to_me_and_resolve_change_every_alert_in_one_call()
    {
        var analyst = await fixture.ClientAsync("analyst", "acme", "cy");
        var alerts = new List<JsonObject>();
        for (var i = 0; i < 3; i++)
            alerts.Add(await fixture.RaiseAlertAsync("acme"));

        var assign = await analyst.PostAsJsonAsync("/v1/alerts/bulk",
            new { action = "assign-to-me", items = alerts.Select(a => new { id = a.Text("id"), version = a.Version() }) });
        var assigned = (await assign.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(n => n!["alert"]!.AsObject()).ToArray();
        Assert.All(assigned, a => Assert.Equal(("cy", 2L), (a.Text("assignee"), a.Version())));

        var resolve = await analyst.PostAsJsonAsync("/v1/alerts/bulk",
            new { action = "resolve", disposition = "false-positive", comment = "test accounts", items = assigned.Select(a => new { id = a.Text("id"), version = a.Version() }) });
        var resolved = (await resolve.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(n => n!.AsObject()).ToArray();
        Assert.All(resolved, r => Assert.Equal(200, r["status"]!.GetValue<int>()));
        Assert.All(resolved, r => Assert.Equal("false-positive", r["alert"]!["disposition"]!.GetValue<string>()));
    }
}
