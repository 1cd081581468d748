using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>
/// A key scoped to tenant B never sees tenant A's data, on every route under /v1: each route has a row in
/// <see cref="Routes"/>, and a route without one fails <see cref="Every_v1_route_has_an_isolation_row"/>.
/// </summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;
    private readonly Dictionary<string, HttpClient> _tenantB = [];
    private string _alertOfA = null!;
    private string _keyOfA = null!;
    private string _secretOfA = null!;
    private string _silenceOfA = null!;
    private string _subscriptionOfA = null!;
    private string _entityOfA = null!;
    private string _reportOfA = null!;

    /// <summary>What only tenant A's data contains: its name, its record ids, its key.</summary>
    private IEnumerable<string> MarkersOfA => ["tenant-a", "secret-a-", _alertOfA, _keyOfA, _silenceOfA, _subscriptionOfA, _entityOfA, _reportOfA];

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("tenant-a", "US");
        await _host.Admin.CreateTenantAsync("tenant-b", "US");
        var keyA = await (await _host.Admin.PostAsJsonAsync("/v1/keys", new { role = "ingest", tenant = "tenant-a", name = "ingest-tenant-a" }))
            .Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no key in the answer");
        _keyOfA = keyA.Text("id");
        _secretOfA = keyA.Text("secret");
        using var ingestA = _host.Client(_secretOfA);
        var (status, _) = await ingestA.PostRecordsAsync(string.Join('\n', CashRecord("tenant-a", "secret-a-1"), """{"id":"secret-a-dead","tenant":"tenant-a","amount":-1}"""));
        Assert.Equal(HttpStatusCode.Accepted, status);
        foreach (var role in new[] { "admin", "analyst", "ingest", "integration" })
            _tenantB[role] = _host.Client(await _host.Admin.CreateKeyAsync(role, "tenant-b"));
        using var ingestB = _host.Client(await _host.Admin.CreateKeyAsync("ingest", "tenant-b"));
        Assert.Equal(HttpStatusCode.Accepted, (await ingestB.PostRecordsAsync(CashRecord("tenant-b", "b-1"))).Status);
        await _host.WaitForIdleAsync();
        var alertOfA = Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?tenant=tenant-a"));
        _alertOfA = alertOfA.Text("id");
        _entityOfA = alertOfA.Text("entity");
        Assert.Single(await _host.Admin.GetAllAsync("/v1/dead-letters?tenant=tenant-a"));

        // An alert event of A the broker kept refusing (an outbox entry's key is its tenant).
        var outbox = _host.App.Services.GetRequiredService<IAlertOutbox>();
        await outbox.AddAsync([new OutboxMessage("tenant-a", ParkedEventOfA, "{}"u8.ToArray())]);
        var seq = (await outbox.PeekAsync(10_000)).Single(e => e.EventId == ParkedEventOfA).Seq;
        await outbox.MarkFailedAsync([new OutboxFailure(seq, 9, DateTimeOffset.UtcNow, Park: true, "broker refused")]);
        Assert.Contains(ParkedEventOfA, await _host.Admin.GetStringAsync("/v1/alerts/outbox/parked"));

        // A record of A a monitor could not check, waiting (not retried on its own, so it stays for the rows below).
        await _host.App.Services.GetRequiredService<IParkedRecordStore>().ParkAsync(
            [new ParkedRecord(ParkedTestHost.Cash("tenant-a", ParkedRecordOfA, "US"), "tenant-a/US", "rule us-cash-ctr: OverflowException", Retryable: false)]);
        Assert.Single(await _host.Admin.GetAllAsync("/v1/parked?tenant=tenant-a"));

        // A silence of A (matching none of its alerts, so they stay as they are).
        var silence = await (await _host.Admin.PostAsJsonAsync("/v1/silences", new
        {
            tenant = "tenant-a",
            matchers = new[] { new { name = "ruleId", value = "secret-a-rule" } },
            endsAt = DateTimeOffset.UtcNow.AddDays(1),
            comment = "isolation",
        })).Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no silence in the answer");
        _silenceOfA = silence.Text("id");

        // A webhook subscription of A (its endpoint is never reached: the name does not resolve here).
        var subscription = await (await _host.Admin.PostAsJsonAsync("/v1/subscriptions", new { url = "https://secret-a-hooks.invalid/lepton", tenant = "tenant-a" }))
            .Content.ReadFromJsonAsync<JsonObject>() ?? throw new InvalidOperationException("no subscription in the answer");
        _subscriptionOfA = subscription.Text("id");

        // A regulator report draft of A (stored directly: drafting needs a resolved alert, and A's alert stays open).
        _reportOfA = await ReportIsolation.StoreDraftAsync(_host, "tenant-a", _alertOfA, _entityOfA);
    }

    private const string ParkedRecordOfA = "secret-a-parked";

    private const string ParkedEventOfA = "secret-a-event";

    public async Task DisposeAsync()
    {
        foreach (var client in _tenantB.Values)
            client.Dispose();
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static string CashRecord(string tenant, string id) =>
        $$$"""{"id":"{{{id}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"USD","channel":"cash","originator":{"account":"A-{{{id}}}","name":"N","country":"US","customerId":"C-{{{id}}}"}}""";

    /// <summary>
    /// One row per call a tenant-B key can make: method, route pattern, the concrete URL ({alertA}/{keyA} are tenant A's
    /// ids), the body, B's role, and the answers that keep A sealed (an OK answer must carry none of A's markers).
    /// </summary>
    public static TheoryData<string, string, string, string?, string, int[]> Routes() => new()
    {
        { "GET", "/v1/alerts", "/v1/alerts", null, "analyst", [200] },
        { "GET", "/v1/alerts", "/v1/alerts?tenant=tenant-a", null, "integration", [200] },
        { "GET", "/v1/alerts/{id}", "/v1/alerts/{alertA}", null, "analyst", [404] },
        // The stream never ends, so this table (which reads whole answers) checks only that ingest keys are refused;
        // Alerting.Tests/Stream/AlertStreamScopeTests shows a tenant-B stream never carries tenant A's events.
        { "GET", "/v1/alerts/stream", "/v1/alerts/stream?tenant=tenant-a", null, "ingest", [403] },
        { "POST", "/v1/records", "/v1/records", CashRecord("tenant-a", "forged-by-b"), "ingest", [202] },
        { "GET", "/v1/dead-letters", "/v1/dead-letters", null, "analyst", [200] },
        { "GET", "/v1/dead-letters", "/v1/dead-letters?tenant=tenant-a", null, "admin", [200] },
        { "GET", "/v1/parked", "/v1/parked", null, "analyst", [200] },
        { "GET", "/v1/parked", "/v1/parked?tenant=tenant-a", null, "admin", [200] },
        { "POST", "/v1/parked/replay", "/v1/parked/replay", """{"tenant":"tenant-a"}""", "admin", [404] },
        { "POST", "/v1/parked/replay", "/v1/parked/replay", """{"recordIds":["secret-a-parked"]}""", "admin", [200] },
        { "GET", "/v1/alerts/outbox/parked", "/v1/alerts/outbox/parked", null, "admin", [200] },
        // Partitions carry every tenant's records: a tenant-scoped admin is refused whether or not Event Hubs is on.
        { "GET", "/v1/admin/event-hubs/partitions", "/v1/admin/event-hubs/partitions", null, "admin", [403] },
        { "POST", "/v1/alerts/outbox/replay", "/v1/alerts/outbox/replay", "{}", "admin", [200] },
        { "GET", "/v1/keys", "/v1/keys?tenant=tenant-a", null, "admin", [200] },
        { "POST", "/v1/keys", "/v1/keys", """{"role":"analyst","tenant":"tenant-a"}""", "admin", [404] },
        { "DELETE", "/v1/keys/{id}", "/v1/keys/{keyA}", null, "admin", [404] },
        { "GET", "/v1/tenants", "/v1/tenants", null, "admin", [200] },
        { "GET", "/v1/tenants/{id}", "/v1/tenants/tenant-a", null, "admin", [404] },
        { "POST", "/v1/tenants", "/v1/tenants", """{"id":"tenant-a","jurisdictions":["US"]}""", "admin", [403] },
        { "GET", "/v1/audit", "/v1/audit", null, "analyst", [200] },
        { "GET", "/v1/audit", "/v1/audit?tenant=tenant-a", null, "admin", [200] },
        { "GET", "/v1/audit/verify", "/v1/audit/verify", null, "analyst", [200] },
        { "GET", "/v1/models", "/v1/models", null, "analyst", [200] },
        { "POST", "/v1/models", "/v1/models", "{}", "admin", [400] },
        { "GET", "/v1/models/{id}", "/v1/models/tenant-a-model-1.0.0", null, "analyst", [404] },
        { "GET", "/v1/models/deployments", "/v1/models/deployments?tenant=tenant-a&jurisdiction=US", null, "analyst", [404] },
        { "POST", "/v1/models/deployments", "/v1/models/deployments", """{"tenant":"tenant-a","jurisdiction":"US","modelId":"m","stage":"production"}""", "admin", [404] },
        { "POST", "/v1/models/deployments/rollback", "/v1/models/deployments/rollback", """{"tenant":"tenant-a","jurisdiction":"US"}""", "admin", [404] },
        { "GET", "/v1/drift", "/v1/drift?tenant=tenant-a", null, "analyst", [404] },
        { "GET", "/v1/drift", "/v1/drift", null, "analyst", [200] },
        // Alert lifecycle (#14): another tenant's alert is 404 for every action, before its version is compared.
        { "POST", "/v1/alerts/{id}/acknowledge", "/v1/alerts/{alertA}/acknowledge", """{"version":1}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/assign", "/v1/alerts/{alertA}/assign", """{"version":1,"assignee":"b"}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/assign-to-me", "/v1/alerts/{alertA}/assign-to-me", """{"version":1}""", "admin", [404] },
        { "POST", "/v1/alerts/{id}/comment", "/v1/alerts/{alertA}/comment", """{"version":1,"text":"b"}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/resolve", "/v1/alerts/{alertA}/resolve", """{"version":1,"disposition":"benign"}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/reopen", "/v1/alerts/{alertA}/reopen", """{"version":7}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/snooze", "/v1/alerts/{alertA}/snooze", $$"""{"version":1,"until":"{{DateTimeOffset.UtcNow.AddDays(1):O}}"}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/escalate", "/v1/alerts/{alertA}/escalate", """{"version":1}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/approve", "/v1/alerts/{alertA}/approve", """{"version":1}""", "analyst", [404] },
        { "POST", "/v1/alerts/{id}/reject", "/v1/alerts/{alertA}/reject", """{"version":1}""", "analyst", [404] },
        { "POST", "/v1/alerts/bulk", "/v1/alerts/bulk", """{"action":"acknowledge","items":[{"id":"al-unknown","version":1}]}""", "admin", [200] },
        { "GET", "/v1/alerts/{id}/history", "/v1/alerts/{alertA}/history", null, "integration", [404] },
        // Silences (#14): another tenant's silence is 404; a body naming another tenant is 404 too.
        { "GET", "/v1/silences", "/v1/silences", null, "analyst", [200] },
        { "GET", "/v1/silences", "/v1/silences?tenant=tenant-a", null, "integration", [200] },
        { "GET", "/v1/silences/{id}", "/v1/silences/{silenceA}", null, "analyst", [404] },
        { "DELETE", "/v1/silences/{id}", "/v1/silences/{silenceA}", null, "admin", [404] },
        { "POST", "/v1/silences", "/v1/silences", SilenceForA, "admin", [404] },
        { "POST", "/v1/silences/preview", "/v1/silences/preview", SilenceForA, "analyst", [404] },
        // Webhook subscriptions (#14): another tenant's subscription is 404 on every route; a body naming another tenant too.
        { "GET", "/v1/subscriptions", "/v1/subscriptions", null, "integration", [200] },
        { "GET", "/v1/subscriptions", "/v1/subscriptions?tenant=tenant-a", null, "admin", [200] },
        { "POST", "/v1/subscriptions", "/v1/subscriptions", """{"url":"https://hooks.example.com/b","tenant":"tenant-a"}""", "integration", [404] },
        { "GET", "/v1/subscriptions/{id}", "/v1/subscriptions/{subscriptionA}", null, "integration", [404] },
        { "DELETE", "/v1/subscriptions/{id}", "/v1/subscriptions/{subscriptionA}", null, "admin", [404] },
        { "POST", "/v1/subscriptions/{id}/rotate-secret", "/v1/subscriptions/{subscriptionA}/rotate-secret", null, "integration", [404] },
        { "GET", "/v1/subscriptions/{id}/deliveries", "/v1/subscriptions/{subscriptionA}/deliveries", null, "integration", [404] },
        { "POST", "/v1/subscriptions/{id}/deliveries/{deliveryId}/replay", "/v1/subscriptions/{subscriptionA}/deliveries/msg_any/replay", null, "integration", [404] },
        { "POST", "/v1/subscriptions/{id}/replay", "/v1/subscriptions/{subscriptionA}/replay", """{"since":"2026-01-01T00:00:00Z","until":"2027-01-01T00:00:00Z"}""", "admin", [404] },
        // The board (#15): its snapshot, an alert's evidence and relations, the entity timeline, the monitoring series.
        { "GET", "/v1/board/alerts", "/v1/board/alerts", null, "analyst", [200] },
        { "GET", "/v1/board/alerts", "/v1/board/alerts?tenant=tenant-a&status=all", null, "integration", [200] },
        { "GET", "/v1/alerts/{id}/records", "/v1/alerts/{alertA}/records", null, "analyst", [404] },
        { "GET", "/v1/alerts/{id}/related", "/v1/alerts/{alertA}/related", null, "integration", [404] },
        { "GET", "/v1/entities/{entity}", "/v1/entities/{entityA}?tenant=tenant-a", null, "analyst", [404] },
        { "GET", "/v1/entities/{entity}", "/v1/entities/p_an-entity-of-b", null, "admin", [200] },
        { "GET", "/v1/monitoring/series", "/v1/monitoring/series?tenant=tenant-a", null, "analyst", [404] },
        { "GET", "/v1/monitoring/series", "/v1/monitoring/series", null, "admin", [200] },
        { "GET", "/v1/me", "/v1/me", null, "integration", [200] },
        { "GET", "/v1/ui/config", "/v1/ui/config", null, "analyst", [200] },
        // Risk posture, peer benchmarks and exports for auditors (#21 items 4-6): naming tenant A is 404; B's own answers carry nothing of A.
        { "GET", "/v1/posture", "/v1/posture?tenant=tenant-a", null, "analyst", [404] },
        { "GET", "/v1/posture", "/v1/posture", null, "analyst", [200] },
        { "GET", "/v1/posture/history", "/v1/posture/history?tenant=tenant-a", null, "admin", [404] },
        { "GET", "/v1/posture/datapoints", "/v1/posture/datapoints?tenant=tenant-a&jurisdiction=US", null, "analyst", [404] },
        { "PUT", "/v1/posture/datapoints", "/v1/posture/datapoints", """{"tenant":"tenant-a","jurisdiction":"US","cashShare":0.5}""", "analyst", [404] },
        { "GET", "/v1/posture/weights", "/v1/posture/weights?tenant=tenant-a", null, "analyst", [404] },
        { "PUT", "/v1/posture/weights", "/v1/posture/weights", """{"tenant":"tenant-a","families":{"customers":25,"productsTransactions":25,"channels":25,"geography":25}}""", "admin", [404] },
        { "GET", "/v1/posture/overrides", "/v1/posture/overrides?tenant=tenant-a", null, "analyst", [404] },
        { "POST", "/v1/posture/overrides", "/v1/posture/overrides", """{"tenant":"tenant-a","jurisdiction":"US","toClass":"low","reason":"forged by tenant b","expiresAt":"2099-01-01T00:00:00Z"}""", "analyst", [404] },
        { "GET", "/v1/benchmarks/peers", "/v1/benchmarks/peers?tenant=tenant-a", null, "analyst", [404] },
        { "GET", "/v1/benchmarks/peers", "/v1/benchmarks/peers?ruleKind=threshold", null, "analyst", [200] },
        { "GET", "/v1/exports/alerts", "/v1/exports/alerts?tenant=tenant-a&from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", null, "analyst", [404] },
        { "GET", "/v1/exports/alerts", "/v1/exports/alerts?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z&format=json", null, "admin", [200] },
        { "GET", "/v1/exports/audit", "/v1/exports/audit?tenant=tenant-a", null, "admin", [404] },
        { "GET", "/v1/exports/audit", "/v1/exports/audit", null, "analyst", [200] },
        // Regulator report drafts (#21 items 1-3): another tenant's report is 404 on every route; a body naming tenant A too.
        { "GET", "/v1/reports", "/v1/reports", null, "analyst", [200] },
        { "GET", "/v1/reports", "/v1/reports?tenant=tenant-a", null, "admin", [200] },
        { "POST", "/v1/reports", "/v1/reports", """{"tenant":"tenant-a","type":"fincen-sar","entity":"p_any"}""", "analyst", [404] },
        { "GET", "/v1/reports/{id}", "/v1/reports/{reportA}", null, "analyst", [404] },
        { "PATCH", "/v1/reports/{id}", "/v1/reports/{reportA}", """{"version":1,"narrative":"forged by b"}""", "analyst", [404] },
        { "POST", "/v1/reports/{id}/transitions", "/v1/reports/{reportA}/transitions", """{"version":1,"action":"submit"}""", "admin", [404] },
        { "GET", "/v1/reports/{id}/validation", "/v1/reports/{reportA}/validation", null, "analyst", [404] },
        { "GET", "/v1/reports/{id}/export", "/v1/reports/{reportA}/export?allowInvalid=true", null, "admin", [404] },
        { "GET", "/v1/reports", "/v1/reports?alert={alertA}", null, "analyst", [200] },
        { "GET", "/v1/board/reports", "/v1/board/reports", null, "analyst", [200] },
        { "GET", "/v1/board/reports", "/v1/board/reports?tenant=tenant-a&alert={alertA}", null, "admin", [200] },
        { "GET", "/v1/board/reports/{id}", "/v1/board/reports/{reportA}", null, "analyst", [404] },
        { "GET", "/v1/reports/{id}/actions", "/v1/reports/{reportA}/actions", null, "analyst", [404] },
        { "GET", "/v1/reports/{id}/history", "/v1/reports/{reportA}/history", null, "admin", [404] },
    };

    private static string SilenceForA =>
        $$"""{"tenant":"tenant-a","matchers":[{"name":"ruleId","value":"us-cash-ctr"}],"endsAt":"{{DateTimeOffset.UtcNow.AddDays(1):O}}","comment":"b"}""";

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_tenant_b_key_never_sees_tenant_a(string method, string route, string url, string? body, string role, int[] sealedAnswers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{alertA}", _alertOfA).Replace("{keyA}", _keyOfA).Replace("{silenceA}", _silenceOfA)
            .Replace("{subscriptionA}", _subscriptionOfA).Replace("{entityA}", Uri.EscapeDataString(_entityOfA)).Replace("{reportA}", _reportOfA));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await _tenantB[role].SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(sealedAnswers.Contains((int)response.StatusCode), $"{method} {url} as {role} of tenant-b answered {(int)response.StatusCode}: {text}");
        if (response.IsSuccessStatusCode)
            Assert.All(MarkersOfA, marker => Assert.DoesNotContain(marker, text));
        // A count says as much as an id: verify counts B's own entries, not the chain's.
        if (route == "/v1/audit/verify")
            Assert.Equal((await _tenantB[role].GetAllAsync("/v1/audit")).Count, JsonNode.Parse(text)!["entries"]!.GetValue<long>());
        // Nothing B did changed A: A's key still works and A's alert is still A's alone.
        using var ingestA = _host.Client(_secretOfA);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await ingestA.GetAsync("/v1/alerts")).StatusCode);
        Assert.Equal("tenant-a", Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?tenant=tenant-a")).Text("tenant"));
        Assert.Contains(await _host.App.Services.GetRequiredService<IAlertOutbox>().ListParkedAsync(500), e => e.EventId == ParkedEventOfA);
        Assert.Single(await _host.Admin.GetAllAsync("/v1/parked?tenant=tenant-a"));
        Assert.Equal("active", (await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/silences/{_silenceOfA}"))!.Text("state"));
        Assert.Equal(HttpStatusCode.OK, (await _host.Admin.GetAsync($"/v1/subscriptions/{_subscriptionOfA}")).StatusCode);
    }

    [Fact]
    public async Task Audit_verify_for_a_tenant_key_counts_only_its_tenants_entries()
    {
        var ownEntries = await _tenantB["analyst"].GetAllAsync("/v1/audit");
        var all = await _host.Admin.GetAllAsync("/v1/audit");
        Assert.True(all.Count > ownEntries.Count, "tenant A's entries exist in the chain");

        var verification = await _tenantB["analyst"].GetFromJsonAsync<JsonObject>("/v1/audit/verify");

        Assert.True(verification!["valid"]!.GetValue<bool>());
        Assert.Equal(ownEntries.Count, verification["entries"]!.GetValue<long>());
        Assert.Equal(ownEntries[^1].Text("hash"), verification.Text("headHash"));
        var global = await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/audit/verify");
        Assert.Equal(all.Count, global!["entries"]!.GetValue<long>());
    }

    [Fact]
    public void Every_v1_route_has_an_isolation_row()
    {
        var covered = Routes().Select(row => $"{row[0]} {row[1]}").ToHashSet();
        var routes = _host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.NotEmpty(routes);
        Assert.Empty(routes.Except(covered).Order());
    }
}
