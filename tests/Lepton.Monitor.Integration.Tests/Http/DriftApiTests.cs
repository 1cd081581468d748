using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>GET /v1/drift through the real host: per-jurisdiction drift checks and history, fairness, tenant scope.</summary>
public sealed class DriftApiTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Signals:CheckEveryRecords", "500", "--Lepton:Signals:Reference", "first-window");
        await _host.Admin.CreateTenantAsync("acme", "US", "GB");
        await _host.Admin.CreateTenantAsync("globex", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static string Records(string prefix, int count, decimal factor)
    {
        var sb = new StringBuilder();
        var random = new Random(5);
        for (var i = 0; i < count; i++)
        {
            var amount = Math.Round((decimal)Math.Exp(4 + 2 * random.NextDouble()) * factor, 2);
            sb.Append($$$"""{"id":"{{{prefix}}}-{{{i}}}","tenant":"acme","timestamp":"2026-11-22T12:{{{i % 60:D2}}}:00Z","amount":{{{amount}}},"currency":"USD","channel":"card","originator":{"account":"A{{{i}}}","name":"N{{{i}}}","country":"US","customerId":"C{{{i}}}"},"beneficiary":{"account":"B{{{i}}}","name":"M{{{i}}}","country":"US"},"attributes":{"ageBand":"{{{(i % 2 == 0 ? "young" : "old")}}}"}}""").Append('\n');
        }
        return sb.ToString();
    }

    [Fact]
    public async Task Checks_history_and_fairness_per_jurisdiction_and_only_for_the_callers_tenant()
    {
        // Each phase is processed before the next is sent, so window boundaries do not depend on how dispatch batches them.
        await _host.Admin.PostRecordsAsync(Records("base", 1_000, 1m));   // learns the reference, then one clean check
        await _host.WaitForIdleAsync();
        await _host.Admin.PostRecordsAsync(Records("shift", 500, 50m));   // amounts ×50
        await _host.WaitForIdleAsync();

        var views = await _host.Admin.GetAllAsync("/v1/drift?tenant=acme");
        Assert.Equal(["US", "GB"], views.Select(v => v.Text("jurisdiction")));
        var us = views[0];
        Assert.Equal("lepton-risk-1.0.0", us.Text("modelId"));
        Assert.DoesNotContain("hourSin", us["featureNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        var history = us["history"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.False(history[0]!["drifted"]!.GetValue<bool>());
        var current = us["current"]!.AsObject();
        var amount = current["features"]!.AsArray().Select(n => n!.AsObject()).Single(f => f.Text("name") == "amountUsdLog1p");
        Assert.True(amount["drifted"]!.GetValue<bool>());
        Assert.True(amount["psi"]!.GetValue<double>() >= 0.2);
        Assert.Contains(us["fairness"]!.AsArray(), a => a!.AsObject().Text("attribute") == "ageBand");
        Assert.NotEmpty(await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme&kind=drift"));

        using var analyst = _host.Client(await _host.Admin.CreateKeyAsync("analyst", "globex"));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/v1/drift?tenant=acme")).StatusCode);
        var own = await analyst.GetAllAsync("/v1/drift");
        Assert.Equal("globex", Assert.Single(own).Text("tenant"));
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Admin.GetAsync("/v1/drift?tenant=acme&jurisdiction=SG")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.Admin.GetAsync("/v1/drift")).StatusCode);
    }
}
