using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>
/// The generator's stream with planted violations, sent over HTTP the way an integration must send it to a cluster:
/// each chunk is re-sent with the same ids until it gets its 202, and the alerts are compared with those of the same
/// records on a calm all-in-one process.
/// </summary>
public sealed class ClusterStream
{
    public const string Tenant = "acme";
    public static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    private readonly List<GeneratedRecord> _generated;

    public ClusterStream(int count, int seed, int chunkSize = 250)
    {
        _generated = TransactionGenerator.Generate(new GeneratorOptions { Tenant = Tenant, Count = count, Seed = seed, ViolationRate = 0.05 }).ToList();
        Chunks = _generated.Chunk(chunkSize).Select(c => c.SelectMany(g => g.Utf8Line.Append((byte)'\n')).ToArray()).ToList();
    }

    public int Count => _generated.Count;
    public IReadOnlyList<byte[]> Chunks { get; }

    /// <summary>Each record's JSON line (no newline), for sources that carry one record per message.</summary>
    public IEnumerable<byte[]> Records => _generated.Select(g => g.Utf8Line.ToArray());

    /// <summary>Creates the tenant with <paramref name="shards"/> shards per jurisdiction, so its grains spread over the silos.</summary>
    public static async Task CreateTenantAsync(HttpClient admin, int shards)
    {
        var response = await admin.PostAsJsonAsync("/v1/tenants", new { id = Tenant, name = Tenant, jurisdictions = Jurisdictions, settings = new { shards } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Posts one chunk until it is acknowledged (202), re-sending the same records; returns how many answers were not 202.</summary>
    public static async Task<int> PostUntilAcceptedAsync(HttpClient client, byte[] chunk, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        var refused = 0;
        while (true)
        {
            try
            {
                var (status, body) = await client.PostRecordsAsync(chunk);
                if (status == HttpStatusCode.Accepted)
                    return refused;
                Assert.True(status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError,
                    $"unexpected {(int)status}: {body.ToJson()}");
            }
            catch (HttpRequestException)
            {
                // The api process is going away or not there yet: the same records go again.
            }
            refused++;
            Assert.True(deadline.Elapsed < patience, $"a chunk was not accepted within {patience}");
            await Task.Delay(200);
        }
    }

    /// <summary>Polls the api's /metrics until the grains acknowledged at least <see cref="Count"/> records.</summary>
    public async Task WaitForDispatchedAsync(HttpClient client, TimeSpan patience, Func<string>? diagnostics = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var dispatched = await DispatchedAsync(client);
            if (dispatched >= Count)
                return;
            Assert.True(deadline.Elapsed < patience, $"only {dispatched} of {Count} records were acknowledged by their grains within {patience}\n{diagnostics?.Invoke()}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Waits until no record of the tenant is parked (a batch that kept failing while a silo died is parked with its
    /// payload and replayed with backoff: not lost, but not yet alerted); returns the most parked records seen.
    /// </summary>
    public static async Task<int> WaitForNothingParkedAsync(HttpClient client, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        var most = 0;
        while (true)
        {
            var parked = (await client.GetAllAsync($"/v1/parked?tenant={Tenant}")).Count;
            most = Math.Max(most, parked);
            if (parked == 0)
                return most;
            Assert.True(deadline.Elapsed < patience, $"{parked} records still parked after {patience}");
            await Task.Delay(500);
        }
    }

    public static async Task<double> DispatchedAsync(HttpClient client)
    {
        var metrics = await client.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(l => l.StartsWith("lepton_ingest_dispatched_total", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Exactly once: no alert counts a record twice, every planted per-record violation (threshold) is alerted once per
    /// jurisdiction, and the whole alert set equals the one a calm all-in-one process produces from the same records.
    /// </summary>
    public async Task AssertAlertedExactlyOnceAsync(HttpClient client)
    {
        var alerts = await WaitForStableAlertsAsync(client);
        foreach (var alert in alerts)
            Assert.Equal(alert.RecordIds().Length, alert.RecordIds().Distinct().Count());
        var calm = await CalmAlertSetAsync();
        var actual = AlertSet(alerts);
        var missing = calm.Except(actual).Take(10).ToList();
        var extra = actual.Except(calm).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{calm.Count} alerts on a calm process, {actual.Count} here; missing here: {string.Join(" | ", missing)}; extra here: {string.Join(" | ", extra)}");
        AssertPlantedThresholdsAlertedOnce(alerts);
    }

    /// <summary>
    /// Order-independent: no alert counts a record twice, and every planted threshold violation is alerted once per
    /// jurisdiction (for sources that do not keep an entity's records in order, such as several Kafka partitions).
    /// </summary>
    public async Task AssertNoRecordTwiceAndThresholdsAlertedAsync(HttpClient client)
    {
        var alerts = await WaitForStableAlertsAsync(client);
        foreach (var alert in alerts)
            Assert.Equal(alert.RecordIds().Length, alert.RecordIds().Distinct().Count());
        AssertPlantedThresholdsAlertedOnce(alerts);
    }

    private void AssertPlantedThresholdsAlertedOnce(List<JsonObject> alerts)
    {
        var byRecord = alerts.SelectMany(a => a.RecordIds().Select(id => (id, kind: a.Text("ruleKind"), jurisdiction: a.Text("jurisdiction"))))
            .ToLookup(x => (x.id, x.kind));
        var planted = _generated.Where(g => g.PlantedKinds.Contains(PlantedKinds.Threshold)).ToList();
        Assert.NotEmpty(planted);
        foreach (var g in planted)
        {
            var hits = byRecord[(g.Id!, PlantedKinds.Threshold)].ToList();
            Assert.True(hits.Count > 0, $"planted threshold violation {g.Id} has no threshold alert");
            Assert.Equal(hits.Count, hits.Select(h => h.jurisdiction).Distinct().Count());
        }
    }

    /// <summary>The alerts once two reads a second apart agree (the last batches' alerts may still be committing).</summary>
    private static async Task<List<JsonObject>> WaitForStableAlertsAsync(HttpClient client)
    {
        var previous = await client.GetAllAsync($"/v1/alerts?tenant={Tenant}");
        for (var i = 0; i < 30; i++)
        {
            await Task.Delay(1_000);
            var current = await client.GetAllAsync($"/v1/alerts?tenant={Tenant}");
            if (AlertSet(current).SetEquals(AlertSet(previous)))
                return current;
            previous = current;
        }
        return previous;
    }

    private async Task<SortedSet<string>> CalmAlertSetAsync()
    {
        using var calm = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(calm.Path);
        await CreateTenantAsync(host.Admin, shards: 1);
        foreach (var chunk in Chunks)
            Assert.Equal(HttpStatusCode.Accepted, (await host.Admin.PostRecordsAsync(chunk)).Status);
        await host.WaitForIdleAsync();
        return AlertSet(await host.Admin.GetAllAsync($"/v1/alerts?tenant={Tenant}"));
    }

    private static SortedSet<string> AlertSet(IEnumerable<JsonObject> alerts) =>
        new(alerts.Select(a => $"{a.Text("jurisdiction")} {a.Text("ruleId")}: {string.Join(',', a.RecordIds().Order(StringComparer.Ordinal))}"), StringComparer.Ordinal);
}
