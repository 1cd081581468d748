using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>Tenant overrides reach running grains without a restart, bad ones are refused, and every change is audited.</summary>
public sealed class TenantOverridesTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("acme", "US");
        await _host.Admin.CreateTenantAsync("globex", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    // Domestic cash between two US parties with full details: only the cash threshold rule can fire on it.
    private static string Cash(string id, decimal amount) =>
        $$$"""{"id":"{{{id}}}","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":{{{amount}}},"currency":"USD","channel":"cash","originator":{"account":"A-{{{id}}}","name":"N {{{id}}}","country":"US","customerId":"C-{{{id}}}"},"beneficiary":{"account":"B-{{{id}}}","name":"M {{{id}}}","country":"US"}}""";

    private async Task<bool> CashAlertFor(string recordId)
    {
        await _host.WaitForIdleAsync();
        var alerts = await _host.Admin.GetAllAsync($"/v1/alerts?tenant=acme&recordId={recordId}");
        return alerts.Any(a => a.Text("ruleId") == "us-cash-ctr");
    }

    private async Task SetOverridesAsync(object overrides) =>
        Assert.Equal(HttpStatusCode.OK, (await _host.Admin.PostAsJsonAsync("/v1/tenants", new { id = "acme", name = "Acme", jurisdictions = new[] { "US" }, overrides })).StatusCode);

    [Fact]
    public async Task A_raised_threshold_and_a_disabled_rule_apply_to_the_running_grain()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Admin.PostRecordsAsync(Cash("before", 12_000))).Status);
        Assert.True(await CashAlertFor("before")); // the grain is now active with the shipped 10,000 USD threshold

        await SetOverridesAsync(new { rules = new Dictionary<string, object> { ["us-cash-ctr"] = new { threshold = 20_000 } } });
        await _host.Admin.PostRecordsAsync(Cash("under-override", 12_000));
        await _host.Admin.PostRecordsAsync(Cash("over-override", 25_000));
        Assert.False(await CashAlertFor("under-override"));
        Assert.True(await CashAlertFor("over-override"));

        await SetOverridesAsync(new { rules = new Dictionary<string, object> { ["us-cash-ctr"] = new { enabled = false } } });
        await _host.Admin.PostRecordsAsync(Cash("disabled", 90_000));
        Assert.False(await CashAlertFor("disabled"));

        // Back to the shipped pack.
        await SetOverridesAsync(new { rules = new Dictionary<string, object>() });
        await _host.Admin.PostRecordsAsync(Cash("restored", 12_000));
        Assert.True(await CashAlertFor("restored"));
    }

    [Fact]
    public async Task An_override_that_does_not_fit_its_rule_is_refused_and_changes_nothing()
    {
        var response = await _host.Admin.PostAsJsonAsync("/v1/tenants", new
        {
            id = "acme", name = "Acme", jurisdictions = new[] { "US" },
            overrides = new { rules = new Dictionary<string, object> { ["us-sanctioned-country"] = new { threshold = 5 } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("us-sanctioned-country", (await response.Content.ReadFromJsonAsync<JsonObject>())!.Text("error"));
        var tenant = await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/tenants/acme");
        Assert.Null(tenant!["overrides"]);
    }

    [Fact]
    public async Task Every_tenant_change_is_in_the_audit_log_scoped_to_its_tenant_and_the_chain_verifies()
    {
        await SetOverridesAsync(new { rules = new Dictionary<string, object> { ["us-cash-ctr"] = new { threshold = 15_000, severity = "critical" } } });

        var entries = await _host.Admin.GetAllAsync("/v1/audit?tenant=acme");
        Assert.Equal(["tenant.created", "tenant.updated"], entries.Select(e => e.Text("action")));
        var update = entries[^1];
        Assert.Equal("tenant/acme", update.Text("target"));
        var details = JsonNode.Parse(update.Text("details"))!;
        Assert.Equal(15_000, details["overrides"]!["rules"]!["us-cash-ctr"]!["threshold"]!.GetValue<int>());
        Assert.Null(details["previousOverrides"]);

        using var analystOfGlobex = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "globex"));
        var globexView = await analystOfGlobex.GetAllAsync("/v1/audit");
        Assert.All(globexView, e => Assert.Equal("globex", e.Text("tenant")));
        Assert.Empty(await analystOfGlobex.GetAllAsync("/v1/audit?tenant=acme"));
        using var ingest = _host.Client(await _host.Admin.CreateKeyAsync("ingest", "acme"));
        Assert.Equal(HttpStatusCode.Forbidden, (await ingest.GetAsync("/v1/audit")).StatusCode);

        var verification = await _host.Admin.GetFromJsonAsync<JsonObject>("/v1/audit/verify");
        Assert.True(verification!["valid"]!.GetValue<bool>());
        Assert.True(verification["entries"]!.GetValue<long>() >= 5); // 2 tenants created, 1 update, 2 keys
    }
}
