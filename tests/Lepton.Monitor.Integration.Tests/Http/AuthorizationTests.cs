using System.Net;
using System.Net.Http.Json;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Roles and tenant scope: 401 without a key, 403 without the right, 404 for another tenant's data.</summary>
public sealed class AuthorizationTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("tenant-a", "US");
        await _host.Admin.CreateTenantAsync("tenant-b", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static string CashRecord(string tenant, string id) =>
        $$$"""{"id":"{{{id}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T14:00:00Z","amount":50000,"currency":"USD","channel":"cash","originator":{"account":"A-{{{id}}}","name":"N","country":"US","customerId":"C-{{{id}}}"}}""";

    [Fact]
    public async Task A_key_of_tenant_a_never_sees_tenant_b()
    {
        using var ingestB = _host.Client(await _host.Admin.CreateKeyAsync("ingest", "tenant-b"));
        using var analystA = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "tenant-a"));
        using var ingestA = _host.Client(await _host.Admin.CreateKeyAsync("ingest", "tenant-a"));

        Assert.Equal(HttpStatusCode.Accepted, (await ingestB.PostRecordsAsync(CashRecord("tenant-b", "b-1"))).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await ingestA.PostRecordsAsync(CashRecord("tenant-a", "a-1"))).Status);
        await _host.WaitForIdleAsync();
        var alertOfB = Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?tenant=tenant-b"));

        Assert.Equal(HttpStatusCode.NotFound, (await analystA.GetAsync($"/v1/alerts/{alertOfB.Text("id")}")).StatusCode);
        var visibleToA = await analystA.GetAllAsync("/v1/alerts");
        Assert.NotEmpty(visibleToA);
        Assert.All(visibleToA, a => Assert.Equal("tenant-a", a.Text("tenant")));
        Assert.Empty(await analystA.GetAllAsync("/v1/alerts?tenant=tenant-b"));

        // An ingest key of tenant A cannot write records of tenant B: the record is rejected with the reason.
        var (status, body) = await ingestA.PostRecordsAsync(CashRecord("tenant-b", "b-2"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(0, body["accepted"]!.GetValue<int>());
        Assert.Equal("tenant: this API key is scoped to tenant 'tenant-a'", body["rejected"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Missing_or_unknown_key_is_401_and_a_key_without_the_right_is_403()
    {
        using var anonymous = _host.Client(null);
        using var unknown = _host.Client("lk_not-a-real-key");
        using var ingest = _host.Client(await _host.Admin.CreateKeyAsync("ingest", "tenant-a"));
        using var analyst = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "tenant-a"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await unknown.GetAsync("/v1/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostRecordsAsync(CashRecord("tenant-a", "x"))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/v1/keys", new { role = "admin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/v1/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_key_secret_is_shown_once_and_a_deleted_key_stops_working()
    {
        var created = await (await _host.Admin.PostAsJsonAsync("/v1/keys", new { role = "analyst", tenant = "tenant-a" }))
            .Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        Assert.NotNull(created);
        var secret = created.Text("secret");
        var id = created.Text("id");
        using var analyst = _host.Client(secret);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/v1/alerts")).StatusCode);

        var listing = await _host.Admin.GetStringAsync("/v1/keys");
        Assert.Contains(id, listing);
        Assert.DoesNotContain(secret, listing);

        Assert.Equal(HttpStatusCode.NoContent, (await _host.Admin.DeleteAsync($"/v1/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await analyst.GetAsync("/v1/alerts")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_with_unknown_jurisdictions_or_rule_overrides_is_refused_with_the_reason()
    {
        var badJurisdiction = await _host.Admin.PostAsJsonAsync("/v1/tenants", new { id = "t-x", jurisdictions = new[] { "US", "MARS" } });
        Assert.Equal(HttpStatusCode.BadRequest, badJurisdiction.StatusCode);
        Assert.Contains("MARS", await badJurisdiction.Content.ReadAsStringAsync());

        var badOverride = await _host.Admin.PostAsJsonAsync("/v1/tenants",
            new { id = "t-x", jurisdictions = new[] { "US" }, overrides = new { rules = new { nosuchrule = new { threshold = 5 } } } });
        Assert.Equal(HttpStatusCode.BadRequest, badOverride.StatusCode);
        Assert.Contains("nosuchrule", await badOverride.Content.ReadAsStringAsync());

        var good = await _host.Admin.PostAsJsonAsync("/v1/tenants",
            new { id = "t-x", name = "T X", jurisdictions = new[] { "US" }, overrides = new { rules = new Dictionary<string, object> { ["us-cash-ctr"] = new { threshold = 5000 } } } });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var stored = await _host.Admin.GetStringAsync("/v1/tenants/t-x");
        Assert.Contains("us-cash-ctr", stored);
    }
}
