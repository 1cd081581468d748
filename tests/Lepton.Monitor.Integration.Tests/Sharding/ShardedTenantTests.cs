using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Integration.Tests.Sharding;

/// <summary>
/// Issue 16 item 4 through the real host: a tenant's shard count (settings.shards), structuring windows that stay whole
/// per entity across shards, a count change from the next batch, and the drift view and model statistics merged across
/// shards. Each test uses its own tenant.
/// </summary>
public sealed class ShardedTenantTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Signals:CheckEveryRecords", "100");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private IGrainFactory Grains => _host.App.Services.GetRequiredService<IGrainFactory>();

    private async Task<HttpResponseMessage> PostTenantAsync(string id, object? settings) =>
        await _host.Admin.PostAsJsonAsync("/v1/tenants", new { id, name = id, jurisdictions = new[] { "US" }, settings });

    private async Task CreateShardedTenantAsync(string id, int shards) =>
        Assert.Equal(HttpStatusCode.OK, (await PostTenantAsync(id, new { shards })).StatusCode);

    // Cash just under the 10,000 USD CTR threshold, same customer, an hour apart: three make a structuring pattern.
    private static string Deposit(string tenant, string customer, int n, decimal amount) =>
        $$$"""{"id":"dep-{{{customer}}}-{{{n}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T{{{10 + n:D2}}}:00:00Z","amount":{{{amount}}},"currency":"USD","channel":"cash","originator":{"account":"ACC-{{{customer}}}","name":"Sam {{{customer}}}","country":"US","customerId":"{{{customer}}}"},"beneficiary":{"account":"ACC-TILL","name":"Bank Till","country":"US"}}""";

    private static string Payments(string tenant, string prefix, int count)
    {
        var sb = new StringBuilder();
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var amount = Math.Round((decimal)Math.Exp(3 + 2 * random.NextDouble()), 2);
            sb.Append($$$"""{"id":"{{{prefix}}}-{{{i}}}","tenant":"{{{tenant}}}","timestamp":"2026-11-22T12:{{{i % 60:D2}}}:00Z","amount":{{{amount}}},"currency":"USD","channel":"card","originator":{"account":"A{{{prefix}}}{{{i}}}","name":"N{{{i}}}","country":"US","customerId":"C-{{{prefix}}}-{{{i}}}"},"beneficiary":{"account":"B{{{i}}}","name":"M{{{i}}}","country":"US"},"attributes":{"ageBand":"{{{(i % 2 == 0 ? "young" : "old")}}}"}}""").Append('\n');
        }
        return sb.ToString();
    }

    private async Task<long[]> ScoredPerShardAsync(string tenant, int shards)
    {
        var scored = new long[shards];
        for (var i = 0; i < shards; i++)
        {
            var stats = await Grains.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For(tenant, "US", i)).GetModelStatsAsync();
            scored[i] = stats.Where(s => s.Stage == ModelStage.Production).Sum(s => s.Scored);
        }
        return scored;
    }

    [Fact]
    public async Task The_shard_count_is_validated_kept_when_omitted_and_audited()
    {
        foreach (var bad in new[] { 0, 65, -1 })
        {
            var refused = await PostTenantAsync("shard-api", new { shards = bad });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("settings.shards", await refused.Content.ReadAsStringAsync());
        }
        var created = await PostTenantAsync("shard-api", new { shards = 4 });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(4, (await created.Content.ReadFromJsonAsync<JsonObject>())!["settings"]!["shards"]!.GetValue<int>());

        // Another setting alone, then no settings at all: the count stays.
        Assert.Equal(HttpStatusCode.OK, (await PostTenantAsync("shard-api", new { fourEyesResolution = true })).StatusCode);
        var kept = await PostTenantAsync("shard-api", null);
        var body = (await kept.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(4, body["settings"]!["shards"]!.GetValue<int>());
        Assert.True(body["settings"]!["fourEyesResolution"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await PostTenantAsync("shard-api", new { shards = 2 })).StatusCode);
        var entries = await _host.Admin.GetAllAsync("/v1/audit?tenant=shard-api");
        Assert.Equal("tenant.created", entries[0].Text("action"));
        Assert.Equal(4, JsonNode.Parse(entries[0].Text("details"))!["settings"]!["shards"]!.GetValue<int>());
        var last = JsonNode.Parse(entries[^1].Text("details"))!;
        Assert.Equal(2, last["settings"]!["shards"]!.GetValue<int>());
        Assert.Equal(4, last["previousSettings"]!["shards"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_structuring_pattern_split_over_batches_alerts_exactly_once_per_customer_with_four_shards()
    {
        const string tenant = "shard-struct";
        await CreateShardedTenantAsync(tenant, 4);
        var customers = Enumerable.Range(1, 8).Select(i => $"CUST-{i}").ToArray();
        decimal[] amounts = [9_000m, 9_400m, 9_100m];
        // Three batches, each one deposit per customer plus unrelated payments, each processed before the next.
        for (var n = 1; n <= 3; n++)
        {
            var batch = string.Concat(customers.Select(c => Deposit(tenant, c, n, amounts[n - 1]) + "\n")) + Payments(tenant, $"p{n}", 40);
            Assert.Equal(HttpStatusCode.Accepted, (await _host.Admin.PostRecordsAsync(batch)).Status);
            await _host.WaitForIdleAsync();
        }

        var structuring = (await _host.Admin.GetAllAsync($"/v1/alerts?tenant={tenant}")).Where(a => a.Text("ruleKind") == "structuring").ToList();
        Assert.Equal(8, structuring.Count);
        Assert.Equal(8, structuring.Select(a => a.Text("entity")).Distinct().Count());
        var alerted = structuring.SelectMany(a => a.RecordIds()).ToHashSet();
        Assert.All(customers, c => Assert.Contains($"dep-{c}-3", alerted)); // the third deposit completes each pattern

        // The records really were spread: more than one shard scored, and together exactly every record once.
        var scored = await ScoredPerShardAsync(tenant, 4);
        Assert.Equal(3 * (8 + 40), scored.Sum());
        Assert.True(scored.Count(s => s > 0) >= 2, $"per shard: {string.Join(",", scored)}");
        // GET /v1/models/deployments sums the shards' statistics.
        var deployments = await _host.Admin.GetFromJsonAsync<JsonObject>($"/v1/models/deployments?tenant={tenant}&jurisdiction=US");
        var production = deployments!["stats"]!.AsArray().Select(n => n!.AsObject()).Where(s => s.Text("stage") == "production");
        Assert.Equal(scored.Sum(), production.Sum(s => s["scored"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_changed_shard_count_applies_from_the_next_batch()
    {
        const string tenant = "shard-change";
        await CreateShardedTenantAsync(tenant, 1);
        await _host.Admin.PostRecordsAsync(Payments(tenant, "one", 60));
        await _host.WaitForIdleAsync();
        var before = await ScoredPerShardAsync(tenant, 4);
        Assert.Equal([60L, 0, 0, 0], before);

        await CreateShardedTenantAsync(tenant, 4);
        await _host.Admin.PostRecordsAsync(Payments(tenant, "four", 200));
        await _host.WaitForIdleAsync();
        var scored = await ScoredPerShardAsync(tenant, 4);
        Assert.Equal(260, scored.Sum());
        Assert.All(scored[1..], s => Assert.True(s > 0, $"per shard: {string.Join(",", scored)}"));
    }

    [Fact]
    public async Task The_drift_view_merges_the_shards()
    {
        const string tenant = "shard-drift";
        await CreateShardedTenantAsync(tenant, 4);
        await _host.Admin.PostRecordsAsync(Payments(tenant, "d", 1_200));
        await _host.WaitForIdleAsync();

        var shards = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Grains.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For(tenant, "US", i)).GetDriftAsync()));
        var view = Assert.Single(await _host.Admin.GetAllAsync($"/v1/drift?tenant={tenant}&jurisdiction=US"));
        Assert.Equal(tenant, view.Text("tenant"));
        var windowRecords = view["windowRecords"]!.GetValue<long>();
        Assert.Equal(shards.Sum(s => s.WindowRecords), windowRecords);

        // Each shard checked (about 300 records each, a check every 100): the merged check counts them all.
        Assert.All(shards, s => Assert.NotNull(s.Current));
        var current = view["current"]!.AsObject();
        Assert.Equal(shards.Sum(s => s.Current!.WindowRecords), current["windowRecords"]!.GetValue<long>());
        Assert.True(current["windowRecords"]!.GetValue<long>() > shards.Max(s => s.Current!.WindowRecords), "the merged check covers more than any shard's");
        Assert.Equal(shards.Sum(s => s.Current!.Score.Records), current["score"]!["records"]!.GetValue<long>());

        // Fairness: per group, the records and alerted of every shard add up.
        var fairness = view["fairness"]!.AsArray().Select(n => n!.AsObject()).ToList();
        foreach (var attribute in shards.SelectMany(s => s.Fairness).GroupBy(a => a.Attribute))
        {
            var merged = fairness.Single(a => a.Text("attribute") == attribute.Key)["groups"]!.AsArray().Select(n => n!.AsObject()).ToList();
            foreach (var group in attribute.SelectMany(a => a.Groups).GroupBy(g => g.Group))
            {
                var m = merged.Single(g => g.Text("group") == group.Key);
                Assert.Equal(group.Sum(g => g.Records), m["records"]!.GetValue<long>());
                Assert.Equal(group.Sum(g => g.Alerted), m["alerted"]!.GetValue<long>());
            }
        }
    }
}
