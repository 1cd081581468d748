using System.Net;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>The generator's file with planted violations, posted over real HTTP to the all-in-one host.</summary>
public sealed class GeneratedStreamEndToEndTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync() => _host = await LeptonTestHost.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Every_planted_violation_is_alerted_no_clean_record_is_and_bad_records_are_dead_lettered()
    {
        await _host.Admin.CreateTenantAsync("acme", "US", "EU", "GB", "SG", "GLOBAL");
        var generated = TransactionGenerator.Generate(new GeneratorOptions
        {
            Tenant = "acme", Count = 3_000, Seed = 42, ViolationRate = 0.03, InvalidRate = 0.01,
        }).ToList();
        var body = generated.SelectMany(g => g.Utf8Line.Append((byte)'\n')).ToArray();

        var (status, answer) = await _host.Admin.PostRecordsAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, status);
        var invalid = generated.Where(g => g.ExpectedRejection is not null).ToList();
        Assert.NotEmpty(invalid);
        Assert.Equal(generated.Count - invalid.Count, answer["accepted"]!.GetValue<int>());
        var rejected = answer["rejected"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(invalid.Select(g => (g.Index, g.ExpectedRejection)), rejected.Select(r => (r["index"]!.GetValue<int>(), (string?)r.Text("reason"))));

        await _host.WaitForIdleAsync();
        var alerts = await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        var alertedKinds = alerts
            .SelectMany(a => a.RecordIds().Select(id => (id, kind: a.Text("ruleKind"))))
            .ToLookup(x => x.id, x => x.kind);

        var planted = generated.Where(g => g.PlantedKinds.Count > 0).ToList();
        Assert.Contains(planted, g => g.PlantedKinds.Contains(PlantedKinds.Threshold));
        Assert.Contains(planted, g => g.PlantedKinds.Contains(PlantedKinds.SanctionedCountry));
        foreach (var g in planted)
            foreach (var kind in g.PlantedKinds)
                Assert.True(alertedKinds[g.Id!].Contains(kind), $"planted {kind} in {g.Id} has no {kind} alert");

        var clean = generated.Where(g => g.PlantedKinds.Count == 0 && g.ExpectedRejection is null).Select(g => g.Id!).ToHashSet();
        var falseRuleAlerts = alerts
            .Where(a => a.Text("ruleKind") is "threshold" or "sanctioned-country")
            .SelectMany(a => a.RecordIds())
            .Where(clean.Contains)
            .ToList();
        Assert.Empty(falseRuleAlerts);

        // Every alert explains itself: the rule, its legal source and the values that crossed.
        foreach (var alert in alerts.Where(a => a.Text("kind") == "rule"))
        {
            var explanation = alert["explanation"]!.AsObject();
            Assert.False(string.IsNullOrWhiteSpace(explanation["rule"]!["legalSource"]!.GetValue<string>()));
            Assert.NotEmpty(explanation["values"]!.AsArray());
            // Aggregate alerts (structuring, velocity) also list the earlier records of their pattern as evidence.
            if (alert.Text("ruleKind") is "structuring" or "velocity")
                Assert.True(alert.RecordIds().Length >= alert["count"]!.GetValue<int>(), $"{alert.Text("id")} lists fewer records than its count");
            else
                Assert.Equal(alert.RecordIds().Length, alert["count"]!.GetValue<int>());
        }

        // Unparseable lines have no readable tenant: the unscoped admin sees them all.
        var letters = await _host.Admin.GetAllAsync("/v1/dead-letters");
        Assert.Equal(invalid.Count, letters.Count);
        Assert.All(letters, l => Assert.False(string.IsNullOrEmpty(l.Text("reason"))));
    }

    [Fact]
    public async Task A_record_id_posted_twice_is_processed_once()
    {
        await _host.Admin.CreateTenantAsync("acme", "US");
        const string record = """{"id":"tx-dup","tenant":"acme","timestamp":"2026-11-22T14:00:00Z","amount":25000,"currency":"USD","channel":"cash","originator":{"account":"A1","name":"N","country":"US","customerId":"C1"},"beneficiary":{"account":"A2","name":"M","country":"US"}}""";

        var first = await _host.Admin.PostRecordsAsync(record);
        var second = await _host.Admin.PostRecordsAsync(record);

        Assert.Equal(0, first.Body["duplicates"]!.GetValue<int>());
        Assert.Equal(1, second.Body["duplicates"]!.GetValue<int>());
        await _host.WaitForIdleAsync();
        var alert = Assert.Single(await _host.Admin.GetAllAsync("/v1/alerts?tenant=acme&ruleKind=threshold"));
        Assert.Equal(1, alert["count"]!.GetValue<int>());
        Assert.Equal(["tx-dup"], alert.RecordIds());
    }
}
