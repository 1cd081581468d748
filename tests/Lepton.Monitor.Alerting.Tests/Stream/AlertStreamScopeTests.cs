using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>Who may stream what: roles, tenant scope, filters, and the 400s for what the stream cannot filter.</summary>
[Collection(StreamHostCollection.Name)]
public sealed class AlertStreamScopeTests(StreamHostFixture fixture)
{
    private LeptonTestHost Host => fixture.Host;
    private StreamAlerts Alerts => fixture.Alerts;

    [Fact]
    public async Task A_tenant_b_key_never_receives_tenant_a_events()
    {
        using var analystB = Host.Client(await Host.Admin.CreateKeyAsync("analyst", "tenant-b"));
        using var integrationB = Host.Client(await Host.Admin.CreateKeyAsync("integration", "tenant-b"));
        await using var analystStream = await SseStream.OpenAsync(analystB, "/v1/alerts/stream");
        await using var integrationStream = await SseStream.OpenAsync(integrationB, "/v1/alerts/stream");
        await using var askingForA = await SseStream.OpenAsync(integrationB, "/v1/alerts/stream?tenant=tenant-a");
        await using var admin = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream");

        var ofA = await Alerts.UpsertAsync("tenant-a", "fp-a", "a-1");
        var ofB = await Alerts.UpsertAsync("tenant-b", "fp-b", "b-1");
        await Alerts.AcknowledgeAsync(ofA);

        // A's changes came first: a stream that could see them would deliver one of them before B's.
        Assert.Equal(ofB.Id, (await analystStream.ReadEventsAsync(1))[0].Json.Text("id"));
        Assert.Equal(ofB.Id, (await integrationStream.ReadEventsAsync(1))[0].Json.Text("id"));
        Assert.Equal([ofA.Id, ofB.Id, ofA.Id], (await admin.ReadEventsAsync(3)).Select(e => e.Json.Text("id")));
        // Another tenant's filter streams nothing, as the list answers nothing: only heartbeats, past all three changes.
        for (var heartbeats = 0; heartbeats < 3;)
        {
            var frame = await askingForA.ReadFrameAsync(TimeSpan.FromSeconds(10));
            Assert.False(frame.IsEvent, $"tenant-b's key received {frame.Data}");
            heartbeats += frame.Comments.Contains("heartbeat") ? 1 : 0;
        }
        Assert.DoesNotContain(ofA.Id, await analystB.GetStringAsync("/v1/alerts")); // as the list
    }

    [Fact]
    public async Task Integration_keys_may_stream_ingest_keys_and_anonymous_callers_may_not()
    {
        using var ingest = Host.Client(await Host.Admin.CreateKeyAsync("ingest", "tenant-a"));
        using var anonymous = Host.Client(null);

        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/alerts/stream", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/alerts/stream", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
    }

    [Fact]
    public async Task Each_filter_of_the_list_narrows_the_stream()
    {
        const string t = "/v1/alerts/stream?tenant=filters";
        await using var critical = await SseStream.OpenAsync(Host.Admin, t + "&severity=critical");
        await using var model = await SseStream.OpenAsync(Host.Admin, t + "&kind=model");
        await using var eu = await SseStream.OpenAsync(Host.Admin, t + "&jurisdiction=EU");
        await using var suppressed = await SseStream.OpenAsync(Host.Admin, t + "&status=suppressed");
        await using var resolved = await SseStream.OpenAsync(Host.Admin, t + "&status=resolved");

        var high = await Alerts.UpsertAsync("filters", "fp-high", "f-1");
        var crit = await Alerts.UpsertAsync("filters", "fp-crit", "f-2", Severity.Critical);
        var byModel = await Alerts.UpsertAsync("filters", "fp-model", "f-3", kind: AlertKind.Model);
        var inEu = await Alerts.UpsertAsync("filters", "fp-eu", "f-4", jurisdiction: "EU");
        await Alerts.SuppressAsync(high);
        await Alerts.ResolveAsync(crit);
        var all = await Alerts.UpsertAsync("filters", "fp-all", "f-5", Severity.Critical, AlertKind.Model, "EU");

        static async Task<string[]> Ids(SseStream s, int n) => (await s.ReadEventsAsync(n)).Select(e => e.Json.Text("id")).ToArray();
        Assert.Equal([crit.Id, crit.Id, all.Id], await Ids(critical, 3));
        Assert.Equal([byModel.Id, all.Id], await Ids(model, 2));
        Assert.Equal([inEu.Id, all.Id], await Ids(eu, 2));
        var quiet = (await suppressed.ReadEventsAsync(1))[0];
        Assert.Equal((high.Id, "suppressed"), (quiet.Json.Text("id"), quiet.Json.Text("status")));
        var done = (await resolved.ReadEventsAsync(1))[0];
        Assert.Equal((crit.Id, "alert.resolved"), (done.Json.Text("id"), done.Event));
    }

    [Fact]
    public async Task A_new_alert_a_silence_suppresses_reaches_only_a_stream_that_asks_for_suppressed_alerts()
    {
        await using var all = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=silenced");
        await using var suppressedOnly = await SseStream.OpenAsync(Host.Admin, "/v1/alerts/stream?tenant=silenced&status=suppressed");
        var silence = await Host.Admin.PostAsJsonAsync("/v1/silences", new
        {
            tenant = "silenced",
            matchers = new[] { new { name = "entity", value = "hm_ent_fp-quiet", isRegex = false, isEqual = true } },
            endsAt = DateTimeOffset.UtcNow.AddHours(1),
            createdBy = "analyst@test",
            comment = "known noisy entity",
        });
        Assert.True(silence.StatusCode == HttpStatusCode.Created, await silence.Content.ReadAsStringAsync());

        var quiet = await Alerts.UpsertAsync("silenced", "fp-quiet", "s-1");
        var loud = await Alerts.UpsertAsync("silenced", "fp-loud", "s-2");

        Assert.Equal(AlertStatus.Suppressed, quiet.Status);
        Assert.Equal(loud.Id, (await all.ReadEventsAsync(1))[0].Json.Text("id")); // the suppressed one came first and was not told
        var told = (await suppressedOnly.ReadEventsAsync(1))[0];
        Assert.Equal((quiet.Id, "alert.raised", "suppressed"), (told.Json.Text("id"), told.Event, told.Json.Text("status")));
    }

    [Theory]
    [InlineData("/v1/alerts/stream?entity=hm_1", "entity")]
    [InlineData("/v1/alerts/stream?ruleKind=threshold", "ruleKind")]
    [InlineData("/v1/alerts/stream?recordId=r-1", "recordId")]
    [InlineData("/v1/alerts/stream?severity=urgent", "severity: must be one of")]
    [InlineData("/v1/alerts/stream?status=closed", "status: must be one of")]
    [InlineData("/v1/alerts/stream?kind=x", "kind: must be one of")]
    [InlineData("/v1/alerts/stream?since=yesterday", "since")]
    [InlineData("/v1/alerts/stream?lastEventId=-4", "Last-Event-ID")]
    public async Task What_the_stream_cannot_apply_answers_400_naming_it(string url, string reason)
    {
        var response = await Host.Admin.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject().Text("error"));
    }

    [Fact]
    public async Task A_malformed_Last_Event_ID_header_answers_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/alerts/stream");
        request.Headers.Add("Last-Event-ID", "abc");
        var response = await Host.Admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Last-Event-ID", await response.Content.ReadAsStringAsync());
    }
}
