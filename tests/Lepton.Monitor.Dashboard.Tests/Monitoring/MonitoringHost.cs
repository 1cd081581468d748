using System.Net;
using System.Text.Json.Nodes;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Dashboard.Tests.Monitoring;

/// <summary>
/// The board host with monitoring sped up: a point every second, drift checks every 100 records and fairness groups
/// compared from 20 records, so a few hundred records fill every card.
/// </summary>
public sealed class MonitoringHost : BoardHost
{
    protected override string[] HostArgs =>
    [
        "--Lepton:Dashboard:Monitoring:SampleInterval", "00:00:01",
        "--Lepton:Signals:CheckEveryRecords", "100",
        "--Lepton:Signals:MinimumRecords", "50",
        "--Lepton:Signals:FairnessMinimumRecordsPerGroup", "20",
    ];

    /// <summary>
    /// Posts <paramref name="rounds"/> batches of generated transactions for <paramref name="tenant"/> (realistic
    /// features, planted violations), each after the previous one was processed and sampled, so the series hold
    /// several non-zero points.
    /// </summary>
    public async Task PostGeneratedAsync(string tenant, int rounds = 4, int perRound = 150)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        for (var round = 0; round < rounds; round++)
        {
            var ndjson = TransactionGenerator.GenerateNdjson(new GeneratorOptions
            {
                Tenant = tenant, Seed = 7 + round, Count = perRound, ViolationRate = 0.1, Customers = 60,
                IdPrefix = $"{tenant}-r{round}-", Start = start.AddMinutes(round * 10), MeanInterval = TimeSpan.FromSeconds(5),
            });
            var (status, body) = await Host.Admin.PostRecordsAsync(ndjson);
            Assert.True(status == HttpStatusCode.Accepted, body.ToJson());
            await Host.WaitForIdleAsync();
            await WaitForNextSampleAsync(tenant);
        }
    }

    /// <summary>Waits until a sample was taken after now (the sampler ticks every second).</summary>
    private async Task WaitForNextSampleAsync(string tenant)
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        for (var i = 0; i < 200; i++)
        {
            var series = await SeriesAsync(Host.Admin, tenant, "US");
            if (series["series"]!["t"]!.AsArray().Any(t => t!.GetValue<double>() > before))
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("no monitoring sample within 10 s");
    }

    public static async Task<JsonObject> SeriesAsync(HttpClient client, string tenant, string jurisdiction)
    {
        var response = await client.GetAsync($"/v1/monitoring/series?tenant={tenant}&jurisdiction={jurisdiction}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}

[CollectionDefinition(Name)]
public sealed class MonitoringCollection : ICollectionFixture<MonitoringHost>
{
    public const string Name = "board monitoring";
}
