using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>GET /v1/parked and POST /v1/parked/replay: roles, tenant scope, per-record answers.</summary>
public sealed class ParkedApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ParkedTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ParkedTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("acme", "US", "EU");
        await _host.Admin.CreateTenantAsync("globex", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    // Not retryable: the background replayer leaves them alone, only an operator's replay touches them.
    private Task ParkAsync(string tenant, string id, string jurisdiction = "US") =>
        _host.Parked.ParkAsync([new ParkedRecord(ParkedTestHost.Cash(tenant, id, jurisdiction), $"{tenant}/{jurisdiction}", "rule us-cash-ctr: OverflowException", Retryable: false)]);

    private static string[] RecordIds(IEnumerable<JsonObject> items) => [.. items.Select(i => i.Text("recordId")).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_tenant_scoped_key_never_sees_or_replays_another_tenants_parked_records()
    {
        await ParkAsync("acme", "tx-acme");
        await ParkAsync("globex", "tx-globex");
        using var analystGlobex = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "globex"));
        using var adminGlobex = _host.Client(await _host.Admin.CreateKeyAsync("admin", "globex"));
        using var ingestGlobex = _host.Client(await _host.Admin.CreateKeyAsync("ingest", "globex"));

        Assert.Equal(["tx-globex"], RecordIds(await analystGlobex.GetAllAsync("/v1/parked")));
        Assert.Empty(await analystGlobex.GetAllAsync("/v1/parked?tenant=acme"));
        Assert.Equal(["tx-acme", "tx-globex"], RecordIds(await _host.Admin.GetAllAsync("/v1/parked")));
        var acme = Assert.Single(await _host.Admin.GetAllAsync("/v1/parked?tenant=acme&jurisdiction=US&retryable=false"));
        Assert.Equal(("acme/US", "rule us-cash-ctr: OverflowException", 1), (acme.Text("monitor"), acme.Text("reason"), acme["attempts"]!.GetValue<int>()));
        Assert.Null(acme["payload"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await ingestGlobex.GetAsync("/v1/parked")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analystGlobex.PostAsJsonAsync("/v1/parked/replay", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adminGlobex.PostAsJsonAsync("/v1/parked/replay", new { tenant = "acme" })).StatusCode);
        var byId = await ReplayAsync(adminGlobex, new { recordIds = new[] { "tx-acme" } });
        Assert.Equal((0, 0), (byId["replayed"]!.GetValue<int>(), byId["stillFailing"]!.GetValue<int>()));

        Assert.Equal(["tx-acme", "tx-globex"], RecordIds(await _host.Admin.GetAllAsync("/v1/parked")));
    }

    [Fact]
    public async Task An_operator_replay_answers_for_each_record_whether_it_was_replayed_or_still_fails_and_why()
    {
        _host.Alerts.FailsFor = id => id == "tx-bad";
        await ParkAsync("acme", "tx-good", "US");
        await ParkAsync("acme", "tx-bad", "EU");
        await ParkAsync("globex", "tx-other", "US");

        var report = await ReplayAsync(_host.Admin, new { tenant = "acme" });

        Assert.Equal((1, 1, false), (report["replayed"]!.GetValue<int>(), report["stillFailing"]!.GetValue<int>(), report["more"]!.GetValue<bool>()));
        var outcomes = report["outcomes"]!.AsArray().Select(o => o!.AsObject()).OrderBy(o => o.Text("recordId"), StringComparer.Ordinal).ToArray();
        Assert.Equal([("tx-bad", "acme/EU", "failing"), ("tx-good", "acme/US", "replayed")], outcomes.Select(o => (o.Text("recordId"), o.Text("monitor"), o.Text("outcome"))));
        Assert.Contains("alert store unavailable", outcomes[0].Text("reason"), StringComparison.Ordinal);
        Assert.Null(outcomes[1]["reason"]);

        var left = await _host.Admin.GetAllAsync("/v1/parked");
        Assert.Equal(["tx-bad", "tx-other"], RecordIds(left));
        var bad = left.Single(i => i.Text("recordId") == "tx-bad");
        Assert.Equal(2, bad["attempts"]!.GetValue<int>());
        Assert.Contains("alert store unavailable", bad.Text("lastError"), StringComparison.Ordinal);
        Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?recordId=tx-good"));
        Assert.Contains(await _host.Admin.GetAllAsync("/v1/audit?tenant=acme"), e => e.Text("action") == "parked.replayed");
    }

    private static async Task<JsonObject> ReplayAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/v1/parked/replay", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
