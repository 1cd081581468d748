using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Lepton.Monitor.Alerting.Tests.Silences.SilencesHost;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>/v1/silences over real HTTP against the real host: records that trip a rule, silences, preview, expiry, roles and tenant scope.</summary>
public sealed class SilencesApiTests(SilencesHost fixture) : IClassFixture<SilencesHost>
{
    private LeptonTestHost Host => fixture.Host;

    [Fact]
    public async Task A_matching_new_alert_is_stored_suppressed_listed_as_suppressed_and_not_notified()
    {
        var tenant = await fixture.NewTenantAsync();
        using var analyst = await fixture.ClientAsync("analyst", tenant);
        using var ingest = await fixture.ClientAsync("ingest", tenant);
        var (status, silence) = await PostAsync(analyst, "/v1/silences", Silence(null, [Matcher("ruleId", "us-cash-.*", isRegex: true)]));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(tenant, silence.Text("tenant"));
        Assert.Equal("active", silence.Text("state"));
        var events = Host.App.Services.GetRequiredService<IAlertEventLog>();
        var lastSeq = await events.LastSeqAsync();

        var alert = await fixture.RaiseCashAlertAsync(ingest, tenant, "cust-1");

        Assert.Equal("suppressed", alert.Text("status"));
        Assert.Equal(silence.Text("id"), alert.Text("silencedBy"));
        var suppressed = await analyst.GetAllAsync("/v1/alerts?status=suppressed");
        Assert.Equal(alert.Text("id"), Assert.Single(suppressed).Text("id"));
        Assert.Empty(await analyst.GetAllAsync("/v1/alerts?status=open"));
        var raised = Assert.Single(await events.ReadAfterAsync(lastSeq, 100, null), e => e.AlertId == alert.Text("id"));
        Assert.Equal(AlertEventTypes.Raised, raised.Type);
        Assert.False(raised.Notify);
    }

    [Fact]
    public async Task Preview_shows_exactly_the_open_alerts_it_would_match_then_post_suppresses_them_and_delete_reopens_them()
    {
        var tenant = await fixture.NewTenantAsync();
        using var analyst = await fixture.ClientAsync("analyst", tenant);
        using var ingest = await fixture.ClientAsync("ingest", tenant);
        var first = await fixture.RaiseCashAlertAsync(ingest, tenant, "cust-1");
        var second = await fixture.RaiseCashAlertAsync(ingest, tenant, "cust-2");
        var body = Silence(null, [Matcher("entity", first.Text("entity")), Matcher("severity", "low", isEqual: false)]);

        var (status, preview) = await PostAsync(analyst, "/v1/silences/preview", body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, preview["total"]!.GetValue<int>());
        Assert.Equal(first.Text("id"), Assert.Single(preview["items"]!.AsArray())!.AsObject().Text("id"));
        var (_, all) = await PostAsync(analyst, "/v1/silences/preview", Silence(null, [Matcher("ruleId", "us-cash-ctr")]));
        Assert.Equal(2, all["total"]!.GetValue<int>());
        Assert.Empty(await analyst.GetAllAsync("/v1/silences"));
        Assert.Equal("open", (await analyst.GetFromJsonAsync<JsonObject>($"/v1/alerts/{first.Text("id")}"))!.Text("status"));

        var (created, silence) = await PostAsync(analyst, "/v1/silences", body);
        Assert.Equal(HttpStatusCode.Created, created);
        var silenced = (await analyst.GetFromJsonAsync<JsonObject>($"/v1/alerts/{first.Text("id")}"))!;
        Assert.Equal(("suppressed", silence.Text("id")), (silenced.Text("status"), silenced.Text("silencedBy")));
        Assert.Equal("open", (await analyst.GetFromJsonAsync<JsonObject>($"/v1/alerts/{second.Text("id")}"))!.Text("status"));
        Assert.Equal(silence.Text("id"), Assert.Single(await analyst.GetAllAsync("/v1/silences?state=active")).Text("id"));
        Assert.Equal("ann", silence.Text("createdBy"));

        var deleted = await analyst.DeleteAsync($"/v1/silences/{silence.Text("id")}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("expired", (await deleted.Content.ReadFromJsonAsync<JsonObject>())!.Text("state"));
        var reopened = (await analyst.GetFromJsonAsync<JsonObject>($"/v1/alerts/{first.Text("id")}"))!;
        Assert.Equal("open", reopened.Text("status"));
        Assert.Null(reopened["silencedBy"]);
        var history = await Host.Admin.GetAllAsync($"/v1/audit?tenant={tenant}");
        Assert.Contains(history, e => e.Text("action") == "silence.created" && e.Text("target") == silence.Text("id"));
        Assert.Contains(history, e => e.Text("action") == "silence.expired" && e.Text("target") == silence.Text("id"));
        Assert.Empty(await analyst.GetAllAsync("/v1/silences?state=active"));
    }

    [Fact]
    public async Task A_silence_ending_in_the_host_reopens_its_alert_without_a_delete()
    {
        var tenant = await fixture.NewTenantAsync();
        using var analyst = await fixture.ClientAsync("analyst", tenant);
        using var ingest = await fixture.ClientAsync("ingest", tenant);
        var (_, silence) = await PostAsync(analyst, "/v1/silences", Silence(null, [Matcher("ruleId", "us-cash-ctr")], lasts: TimeSpan.FromSeconds(2)));
        var alert = await fixture.RaiseCashAlertAsync(ingest, tenant, "cust-1");
        Assert.Equal("suppressed", alert.Text("status"));

        JsonObject? current = null;
        for (var i = 0; i < 200 && current?.Text("status") != "open"; i++)
        {
            await Task.Delay(100);
            current = await analyst.GetFromJsonAsync<JsonObject>($"/v1/alerts/{alert.Text("id")}");
        }

        Assert.Equal("open", current!.Text("status"));
        Assert.Equal("expired", (await analyst.GetFromJsonAsync<JsonObject>($"/v1/silences/{silence.Text("id")}"))!.Text("state"));
    }

    public static TheoryData<string, object, string> BadSilences() => new()
    {
        { "invalid regex", Silence(null, [Matcher("ruleId", "us-(cash", isRegex: true)]), "matchers[0]: ruleId=~\"us-(cash\": invalid regex" },
        { "match-all regex", Silence(null, [Matcher("ruleId", ".*", isRegex: true)]), "too broad" },
        { "negative match-all", Silence(null, [Matcher("entity", "", isRegex: true, isEqual: false)]), "too broad" },
        { "no matchers", Silence(null, []), "without matchers" },
        { "every jurisdiction of the tenant", Silence(null, [Matcher("jurisdiction", "US")]), "too broad" },
        { "unknown field", Silence(null, [Matcher("tenant", "x")]), "matchers[0].name: 'tenant' is not a silence field" },
        { "past end", Silence(null, [Matcher("ruleId", "x")], lasts: TimeSpan.FromMinutes(-1)), "endsAt: must be in the future" },
        { "no comment", new { matchers = new[] { Matcher("ruleId", "x") }, endsAt = DateTimeOffset.UtcNow.AddHours(1) }, "comment: required" },
    };

    [Theory]
    [MemberData(nameof(BadSilences))]
    public async Task A_bad_silence_answers_400_with_the_reason_on_post_and_preview(string why, object body, string reason)
    {
        var tenant = await fixture.NewTenantAsync();
        using var analyst = await fixture.ClientAsync("analyst", tenant);
        foreach (var path in new[] { "/v1/silences", "/v1/silences/preview" })
        {
            var (status, answer) = await PostAsync(analyst, path, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{why} on {path}: {(int)status} {answer.ToJson()}");
            Assert.Contains(reason, answer.Text("error"));
        }
        Assert.Empty(await analyst.GetAllAsync("/v1/silences"));
    }

    [Fact]
    public async Task Roles_and_tenant_scope_are_enforced()
    {
        var tenantA = await fixture.NewTenantAsync();
        var tenantB = await fixture.NewTenantAsync();
        using var analystA = await fixture.ClientAsync("analyst", tenantA);
        using var integrationA = await fixture.ClientAsync("integration", tenantA);
        using var ingestA = await fixture.ClientAsync("ingest", tenantA);
        using var analystB = await fixture.ClientAsync("analyst", tenantB);
        using var adminB = await fixture.ClientAsync("admin", tenantB);
        var body = Silence(null, [Matcher("ruleId", "us-cash-ctr")], createdBy: null);

        // A key's own tenant is forced; createdBy defaults to the key's name.
        var (created, silenceA) = await PostAsync(analystA, "/v1/silences", body);
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal((tenantA, "analyst-" + tenantA), (silenceA.Text("tenant"), silenceA.Text("createdBy")));
        var idA = silenceA.Text("id");

        // Integration keys read, never write; ingest keys do neither.
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(integrationA, "/v1/silences", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(integrationA, "/v1/silences/preview", body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await integrationA.DeleteAsync($"/v1/silences/{idA}")).StatusCode);
        Assert.Equal(idA, Assert.Single(await integrationA.GetAllAsync("/v1/silences")).Text("id"));
        Assert.Equal(HttpStatusCode.OK, (await integrationA.GetAsync($"/v1/silences/{idA}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingestA.GetAsync("/v1/silences")).StatusCode);

        // Tenant B never sees nor changes A's silence, nor makes one for A.
        Assert.Equal(HttpStatusCode.NotFound, (await analystB.GetAsync($"/v1/silences/{idA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analystB.DeleteAsync($"/v1/silences/{idA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminB.DeleteAsync($"/v1/silences/{idA}")).StatusCode);
        Assert.Empty(await analystB.GetAllAsync("/v1/silences"));
        Assert.Empty(await adminB.GetAllAsync($"/v1/silences?tenant={tenantA}"));
        var forB = Silence(tenantA, [Matcher("ruleId", "us-cash-ctr")]);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(analystB, "/v1/silences", forB)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(adminB, "/v1/silences/preview", forB)).Status);
        Assert.Equal("active", (await analystA.GetFromJsonAsync<JsonObject>($"/v1/silences/{idA}"))!.Text("state"));

        // The unscoped admin names the tenant, which must exist.
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(Host.Admin, "/v1/silences", body)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(Host.Admin, "/v1/silences", Silence("no-such-tenant", [Matcher("ruleId", "x")]))).Status);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Host.Admin, "/v1/silences", Silence(tenantB, [Matcher("ruleId", "x")]))).Status);
        Assert.Single(await analystB.GetAllAsync("/v1/silences"));
        Assert.Equal(HttpStatusCode.BadRequest, (await analystA.GetAsync("/v1/silences?state=bogus")).StatusCode);
    }
}
