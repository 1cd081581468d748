using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>
/// One real host for the lifecycle HTTP tests (starting one per test would dominate the run). Tenants: <c>acme</c>,
/// <c>strict</c> (four-eyes resolution on) and <c>rival</c>; each test raises its own alerts, so tests stay independent.
/// Snoozes are checked every 200 ms so the hosted reopener can be seen at work.
/// </summary>
public sealed class LifecycleHostFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly List<HttpClient> _clients = [];

    public LeptonTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Alerts:SnoozeCheckInterval", "00:00:00.200");
        await Host.Admin.CreateTenantAsync("acme", "US");
        await Host.Admin.CreateTenantAsync("rival", "US");
        var strict = await Host.Admin.PostAsJsonAsync("/v1/tenants",
            new { id = "strict", name = "Strict Bank", jurisdictions = new[] { "US" }, settings = new { fourEyesResolution = true } });
        Assert.Equal(HttpStatusCode.OK, strict.StatusCode);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
            client.Dispose();
        await Host.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A client with a fresh key; its <paramref name="name"/> is the actor in histories and four-eyes checks.</summary>
    public async Task<HttpClient> ClientAsync(string role, string? tenant, string name)
    {
        var response = await Host.Admin.PostAsJsonAsync("/v1/keys", new { role, tenant, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var client = Host.Client((await response.Content.ReadFromJsonAsync<JsonObject>())!.Text("secret"));
        _clients.Add(client);
        return client;
    }

    /// <summary>Posts a cash transaction of 12,500 USD (over the US CTR threshold) and returns the alert it raised.</summary>
    public async Task<JsonObject> RaiseAlertAsync(string tenant, string? customer = null)
    {
        customer ??= "C-" + Guid.NewGuid().ToString("N");
        var recordId = "tx-" + Guid.NewGuid().ToString("N");
        await PostCashAsync(tenant, customer, recordId);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var alert = (await Host.Admin.GetAllAsync($"/v1/alerts?tenant={tenant}&recordId={recordId}"))
                .FirstOrDefault(a => a.Text("ruleId") == "us-cash-ctr");
            if (alert is not null)
                return alert;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no alert for record {recordId}");
    }

    public async Task PostCashAsync(string tenant, string customer, string recordId)
    {
        var record = $$$"""{"id":"{{{recordId}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T14:00:00Z","amount":12500,"currency":"USD","channel":"cash","originator":{"account":"A-{{{customer}}}","name":"N","country":"US","customerId":"{{{customer}}}"}}""";
        var (status, body) = await Host.Admin.PostRecordsAsync(record);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(1, body["accepted"]!.GetValue<int>());
        await Host.WaitForIdleAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LifecycleHostCollection : ICollectionFixture<LifecycleHostFixture>
{
    public const string Name = "lifecycle host";
}
