using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>
/// One real host for the silence API tests (started once: each test uses its own tenants, so they do not meet),
/// with a short upkeep interval so a silence's end is applied within a fraction of a second.
/// </summary>
public sealed class SilencesHost : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private int _tenants;

    public LeptonTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Silences:CheckInterval", "00:00:00.200");

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A fresh US tenant for one test.</summary>
    public async Task<string> NewTenantAsync()
    {
        var tenant = $"sil-t{Interlocked.Increment(ref _tenants)}";
        await Host.Admin.CreateTenantAsync(tenant, "US");
        return tenant;
    }

    public async Task<HttpClient> ClientAsync(string role, string? tenant) => Host.Client(await Host.Admin.CreateKeyAsync(role, tenant));

    /// <summary>Posts one US cash transaction of 12,500 USD (the us-cash-ctr rule alerts on ≥ 10,000) and waits for its alert.</summary>
    public async Task<JsonObject> RaiseCashAlertAsync(HttpClient ingest, string tenant, string customer)
    {
        var id = $"{tenant}-{customer}-{Guid.NewGuid():N}";
        var record = $$$"""{"id":"{{{id}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T14:00:00Z","amount":12500,"currency":"USD","channel":"cash","originator":{"account":"A-{{{customer}}}","name":"N","country":"US","customerId":"{{{customer}}}"}}""";
        var (status, body) = await ingest.PostRecordsAsync(record);
        Assert.True(status == HttpStatusCode.Accepted && body["accepted"]!.GetValue<int>() == 1, body.ToJson());
        await Host.WaitForIdleAsync();
        return Assert.Single(await Host.Admin.GetAllAsync($"/v1/alerts?tenant={tenant}&recordId={id}"));
    }

    public static object Silence(string? tenant, object[] matchers, TimeSpan? lasts = null, string? createdBy = "ann") => new
    {
        tenant,
        matchers,
        endsAt = DateTimeOffset.UtcNow + (lasts ?? TimeSpan.FromHours(1)),
        createdBy,
        comment = "known false positives during the branch migration",
    };

    public static object Matcher(string name, string value, bool isRegex = false, bool isEqual = true) => new { name, value, isRegex, isEqual };

    public static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? new JsonObject());
    }
}
