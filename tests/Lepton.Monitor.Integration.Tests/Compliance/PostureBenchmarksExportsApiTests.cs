using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Compliance.Exports;

namespace Lepton.Monitor.Integration.Tests.Compliance;

/// <summary>
/// Issue 21 items 4–6 through the real host: /v1/posture, /v1/benchmarks/peers and /v1/exports, and that a key of one
/// tenant sees nothing of another's posture inputs, overrides, alert figures, exports or audit entries.
/// </summary>
public sealed class PostureBenchmarksExportsApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;
    private HttpClient _acme = null!;
    private HttpClient _globex = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path,
            "--Lepton:PeerBenchmarks:EpsilonPerRelease", "1.0", "--Lepton:PeerBenchmarks:DailyEpsilon", "1.5");
        await _host.Admin.CreateTenantAsync("acme-secret", "US", "GB");
        await _host.Admin.CreateTenantAsync("globex", "US");
        _acme = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "acme-secret"));
        _globex = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "globex"));
        // Recent event times: alert rates and exports count alerts by when their records happened.
        var at = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var records = string.Join('\n', Enumerable.Range(0, 3).Select(i =>
            $$$"""{"id":"acme-rec-{{{i}}}","tenant":"acme-secret","timestamp":"{{{at}}}","amount":{{{50000 + i * 1000}}},"currency":"USD","channel":"cash","originator":{"account":"A-{{{i}}}","name":"N","country":"US","customerId":"C-{{{i}}}"}}"""));
        Assert.Equal(HttpStatusCode.Accepted, (await _host.Admin.PostRecordsAsync(records)).Status);
        await _host.WaitForIdleAsync();
        Assert.NotEmpty(await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme-secret"));
    }

    public async Task DisposeAsync()
    {
        _acme.Dispose();
        _globex.Dispose();
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static object DataPoints(string? tenant = null) => new
    {
        tenant,
        jurisdiction = "US",
        periodRecords = 3,
        pepShare = 0.02,
        nonResidentShare = 0.2,
        cashShare = 0.4,
        crossBorderShare = 0.12,
        nonFaceToFaceShare = 0.6,
        countryExposure = new Dictionary<string, decimal> { ["DE"] = 0.5m, ["FI"] = 0.3m, ["HT"] = 0.2m },
    };

    [Fact]
    public async Task Posture_is_computed_snapshotted_overridden_and_sealed_per_tenant()
    {
        Assert.Equal(HttpStatusCode.OK, (await _acme.PutAsJsonAsync("/v1/posture/datapoints", DataPoints())).StatusCode);

        var posture = (await _acme.GetFromJsonAsync<JsonObject>("/v1/posture"))!;
        var us = posture["items"]!.AsArray().Single()!.AsObject();
        Assert.Equal("US", us.Text("jurisdiction"));
        Assert.Equal(["GB: no data points reported (PUT /v1/posture/datapoints)"], posture["notAssessed"]!.AsArray().Select(n => n!.GetValue<string>()));
        // Threshold alerts on 3 records of 3 → 1,000 per 1,000 → scores 4.
        Assert.Contains(us["inherent"]!["indicators"]!.AsArray(), i => i!.AsObject().Text("id") == "alerts.threshold-rate" && i["score"]!.GetValue<int>() == 4);
        var residual = us.Text("residual");
        Assert.Equal(residual, us.Text("final"));

        string[] classes = ["low", "medium", "substantial", "high"];
        var index = Array.IndexOf(classes, residual);
        var target = classes[index == 3 ? 2 : index + 1];
        var twoAway = classes[index >= 2 ? index - 2 : index + 2];
        var created = await _acme.PostAsJsonAsync("/v1/posture/overrides",
            new { jurisdiction = "US", toClass = target, reason = "supervisor finding of 2026-11", expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var twoUp = await _acme.PostAsJsonAsync("/v1/posture/overrides",
            new { jurisdiction = "US", toClass = twoAway, reason = "two classes at once", expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.BadRequest, twoUp.StatusCode);
        Assert.Contains("by exactly one class", await twoUp.Content.ReadAsStringAsync());

        var again = (await _acme.GetFromJsonAsync<JsonObject>("/v1/posture?jurisdiction=US"))!["items"]![0]!.AsObject();
        Assert.Equal(target, again.Text("final"));
        var history = (await _acme.GetFromJsonAsync<JsonObject>("/v1/posture/history?jurisdiction=US"))!["items"]!.AsArray();
        Assert.Equal([target, residual], history.Select(h => h!.AsObject().Text("final")));

        var badWeights = await _acme.PutAsJsonAsync("/v1/posture/weights", new { families = new { customers = 70, productsTransactions = 10, channels = 10, geography = 10 } });
        Assert.Equal(HttpStatusCode.BadRequest, badWeights.StatusCode);
        Assert.Contains("families.customers: 70 % is outside 10–50 %", await badWeights.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await _acme.PutAsJsonAsync("/v1/posture/weights", new { families = new { customers = 10, productsTransactions = 40, channels = 10, geography = 40 } })).StatusCode);
        var badData = await _acme.PutAsJsonAsync("/v1/posture/datapoints", new { jurisdiction = "US", cashShare = 4 });
        Assert.Contains("cashShare: 4 is not a share in 0..1", await badData.Content.ReadAsStringAsync());

        // Every change was audited for acme.
        var audit = await _acme.GetAllAsync("/v1/audit");
        Assert.Contains(audit, e => e.Text("action") == "posture.override.created");
        Assert.Contains(audit, e => e.Text("action") == "posture.weights.set");

        // Globex sees nothing of it, and cannot reach it by naming the tenant.
        foreach (var url in new[] { "/v1/posture", "/v1/posture/history", "/v1/posture/overrides", "/v1/posture/weights" })
        {
            var text = await _globex.GetStringAsync(url);
            Assert.DoesNotContain("acme-secret", text);
            Assert.DoesNotContain("supervisor finding", text);
        }
        Assert.Empty((await _globex.GetFromJsonAsync<JsonObject>("/v1/posture"))!["items"]!.AsArray());
        Assert.Equal(25, (await _globex.GetFromJsonAsync<JsonObject>("/v1/posture/weights"))!["families"]!["geography"]!.GetValue<int>());
        foreach (var url in new[] { "/v1/posture?tenant=acme-secret", "/v1/posture/history?tenant=acme-secret", "/v1/posture/overrides?tenant=acme-secret",
                     "/v1/posture/weights?tenant=acme-secret", "/v1/posture/datapoints?tenant=acme-secret&jurisdiction=US" })
            Assert.Equal(HttpStatusCode.NotFound, (await _globex.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globex.PutAsJsonAsync("/v1/posture/datapoints", DataPoints("acme-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _globex.PostAsJsonAsync("/v1/posture/overrides",
            new { tenant = "acme-secret", jurisdiction = "US", toClass = "low", reason = "forged by another tenant", expiresAt = DateTimeOffset.UtcNow.AddDays(1) })).StatusCode);
        Assert.Single((await _acme.GetFromJsonAsync<JsonObject>("/v1/posture/overrides"))!["items"]!.AsArray());
    }

    [Fact]
    public async Task Peer_benchmarks_show_only_noised_peers_and_refuse_when_the_budget_is_spent()
    {
        var mine = await _acme.GetAsync("/v1/benchmarks/peers?ruleKind=threshold");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var answer = (await mine.Content.ReadFromJsonAsync<JsonObject>())!;
        var threshold = answer["items"]!.AsArray().Single()!.AsObject();
        Assert.Equal("threshold", threshold.Text("ruleKind"));
        var thresholdAlerts = (await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme-secret")).Count(a => a.Text("ruleKind") == "threshold");
        Assert.True(thresholdAlerts > 0);
        Assert.Equal(thresholdAlerts, threshold["ownAlerts"]!.GetValue<long>());
        Assert.Equal(1.0m, answer["spentEpsilon"]!.GetValue<decimal>());

        // Globex: the same release (no new spend), its own zero figures, nothing that names or counts acme un-noised.
        var theirs = await _globex.GetStringAsync("/v1/benchmarks/peers?ruleKind=threshold");
        Assert.DoesNotContain("acme", theirs);
        var theirsJson = JsonNode.Parse(theirs)!.AsObject();
        Assert.Equal(0, theirsJson["items"]![0]!["ownAlerts"]!.GetValue<long>());
        Assert.Equal(threshold["peers"]!.ToJsonString(), theirsJson["items"]![0]!["peers"]!.ToJsonString());
        Assert.Equal(1.0m, theirsJson["spentEpsilon"]!.GetValue<decimal>());

        // A second kind would spend 1.0 more of a 1.5 budget: refused.
        var refused = await _globex.GetAsync("/v1/benchmarks/peers?ruleKind=structuring");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("privacy budget", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["refused"]![0]!.AsObject().Text("reason"));
        Assert.Equal(HttpStatusCode.NotFound, (await _globex.GetAsync("/v1/benchmarks/peers?tenant=acme-secret")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _globex.GetAsync("/v1/benchmarks/peers?ruleKind=DROP%20TABLE")).StatusCode);
    }

    [Fact]
    public async Task Alert_exports_are_tenant_scoped_in_csv_and_json()
    {
        var period = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-2).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}";
        var alertsOfAcme = await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme-secret");
        var csv = await _acme.GetAsync("/v1/exports/alerts?" + period);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition!.ToString());
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AlertCsvWriter.Header), lines[0]);
        Assert.Equal(alertsOfAcme.Count, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",acme-secret,US,", l));
        Assert.Contains(lines, l => l.Contains(",threshold,", StringComparison.Ordinal));

        var json = (await _acme.GetFromJsonAsync<JsonObject>("/v1/exports/alerts?format=json&" + period))!;
        Assert.Equal(alertsOfAcme.Select(a => a.Text("id")).Order(), json["alerts"]!.AsArray().Select(a => a!.AsObject().Text("id")).Order());
        Assert.Empty((await _acme.GetFromJsonAsync<JsonObject>("/v1/exports/alerts?format=json&from=2025-01-01T00:00:00Z&to=2025-02-01T00:00:00Z"))!["alerts"]!.AsArray());

        Assert.Contains(await _acme.GetAllAsync("/v1/audit"), e => e.Text("action") == "export.alerts" && e.Text("tenant") == "acme-secret");
        var theirs = await _globex.GetStringAsync("/v1/exports/alerts?" + period);
        Assert.Equal(string.Join(',', AlertCsvWriter.Header) + "\r\n", theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await _globex.GetAsync("/v1/exports/alerts?tenant=acme-secret&" + period)).StatusCode);
        var bad = await _acme.GetAsync("/v1/exports/alerts?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("to: must be after from", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await _acme.GetAsync("/v1/exports/alerts?format=xlsx&" + period)).StatusCode);
    }

    [Fact]
    public async Task Audit_bundles_verify_offline_and_hold_only_the_callers_entries()
    {
        Assert.Equal(HttpStatusCode.OK, (await _globex.PutAsJsonAsync("/v1/posture/datapoints", new { jurisdiction = "US", cashShare = 0.1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _acme.PutAsJsonAsync("/v1/posture/datapoints", DataPoints())).StatusCode);

        var response = await _globex.GetAsync("/v1/exports/audit");
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        var bundle = await response.Content.ReadAsByteArrayAsync();
        var result = AuditBundleVerifier.Verify(new MemoryStream(bundle));
        Assert.True(result.Valid, result.Reason);
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bundle)))
        {
            using var reader = new StreamReader(zip.GetEntry(AuditBundleWriter.EntriesFile)!.Open());
            var entries = await reader.ReadToEndAsync();
            Assert.Contains("\"tenant\":\"globex\"", entries);
            Assert.DoesNotContain("acme-secret", entries);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await _globex.GetAsync("/v1/exports/audit?tenant=acme-secret")).StatusCode);

        // The unscoped admin's bundle is the whole chain, linked entry by entry; the export itself is the next entry.
        var before = (await _host.Admin.GetAllAsync("/v1/audit")).Count;
        var whole = AuditBundleVerifier.Verify(new MemoryStream(await _host.Admin.GetByteArrayAsync("/v1/exports/audit")));
        Assert.True(whole.Valid, whole.Reason);
        Assert.Equal(before, whole.Entries);
        var log = await _host.Admin.GetAllAsync("/v1/audit");
        Assert.Equal(before + 1, log.Count);
        Assert.Equal("export.audit", log[^1].Text("action"));
        Assert.Contains(await _globex.GetAllAsync("/v1/audit"), e => e.Text("action") == "export.audit");
    }
}
