using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Lepton.Monitor.Integration.Tests.Grains;

/// <summary>Records in → monitor grains on a real (in-process) Orleans cluster → alerts out, deduplicated.</summary>
public sealed class JurisdictionMonitorGrainTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Lepton:DataPath"] = _data.Path }).Build();
            host.Services.AddLeptonStorage(config);
            host.Services.AddLeptonMonitoring(config);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Planted_cash_and_sanctioned_records_raise_alerts_once_and_clean_records_none()
    {
        var pseudonymizer = new Pseudonymizer(new byte[32], "acme");
        var at = DateTimeOffset.UtcNow;
        MonitoredRecord Record(string id, decimal amount, string channel, string beneficiaryCountry)
        {
            var body = System.Text.Encoding.UTF8.GetBytes($$$"""
                {"id":"{{{id}}}","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":{{{amount}}},"currency":"USD","channel":"{{{channel}}}",
                 "originator":{"account":"ACC-1","name":"Jane Roe","country":"US","customerId":"C-1"},
                 "beneficiary":{"account":"ACC-2","name":"Max Mustermann","country":"{{{beneficiaryCountry}}}"}}
                """.Replace("\n", ""));
            var parsed = RecordParser.Parse(body, 10, 65536);
            Assert.Empty(parsed.Rejections);
            return pseudonymizer.ToMonitored(parsed.Records[0], at);
        }

        var batch = new RecordBatch([
            Record("cash-big", 25_000m, "cash", "US"),
            Record("cash-big-2", 30_000m, "cash", "US"),
            Record("wire-iran", 900m, "wire", "IR"),
            Record("clean-1", 120m, "card", "US"),
        ]);
        var grain = _cluster.Client.GetGrain<IJurisdictionMonitorGrain>(MonitorKey.For("acme", "US"));
        var result = await grain.ProcessAsync(batch);
        Assert.Equal(4, result.Processed);

        // The same batch again (a replay after a crash) changes nothing: alerts are idempotent per record id.
        await grain.ProcessAsync(batch);

        var store = _cluster.Silos[0].ServiceProvider.GetRequiredService<IAlertStore>();
        var alerts = (await store.QueryAsync(new AlertQuery { Tenant = "acme", PageSize = 500 })).Items;
        var threshold = Assert.Single(alerts, a => a.RuleKind == "threshold");
        Assert.Equal(2, threshold.Count); // same customer, same rule: one alert whose count grew
        Assert.Equal(new[] { "cash-big", "cash-big-2" }, threshold.RecordIds.Order().ToArray());
        Assert.Equal("US", threshold.Jurisdiction);
        Assert.Contains("31 CFR", threshold.Explanation.Rule.LegalSource);
        var sanctioned = Assert.Single(alerts, a => a.RuleKind == "sanctioned-country");
        Assert.Equal(new[] { "wire-iran" }, sanctioned.RecordIds);
        Assert.DoesNotContain(alerts, a => a.RecordIds.Contains("clean-1") && a.Kind == AlertKind.Rule);
    }
}
