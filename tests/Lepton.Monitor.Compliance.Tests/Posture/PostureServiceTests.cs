using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Monitor.Compliance.Tests.Posture;

/// <summary>The service over the real SQLite stores: audited inputs, a snapshot per computation, overrides by one class.</summary>
public sealed class PostureServiceTests : IDisposable
{
    private readonly PostureTempStore _store = new();
    private readonly PostureTestClock _clock = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteAlertStore _alerts;
    private readonly SqliteAuditLog _audit;
    private readonly PostureService _service;

    public PostureServiceTests()
    {
        _alerts = new SqliteAlertStore(_store.Db, _clock);
        _audit = new SqliteAuditLog(_store.Db, _clock);
        _service = new PostureService(new SqlitePostureStore(_store.Db, _clock), _alerts, new PostureOptions(), _clock, NullLogger<PostureService>.Instance);
    }

    public void Dispose()
    {
        _alerts.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task Assess_snapshots_history_and_audited_override()
    {
        Assert.Empty(await _service.SetDataPointsAsync("acme", "EU", PostureExamples.Data with { PeriodRecords = null }, "key-1"));
        var (assessed, skipped) = await _service.AssessAsync("acme", ["EU", "US"], modelsWithoutCurrentCard: 0);

        var eu = Assert.Single(assessed);
        Assert.Equal("US: no data points reported (PUT /v1/posture/datapoints)", Assert.Single(skipped));
        // Without alerts or periodRecords: customers 2.50, products (4+2)/2 = 3.00, channels 3.00, geography (2+1)/2 = 1.50 → 2.50.
        Assert.Equal(2.5m, eu.Inherent.Score);
        Assert.Equal(RiskClass.Substantial, eu.Inherent.Class);
        Assert.Equal(ControlQuality.VeryGood, eu.Controls.Class); // no backlog, no breaches, no episodes, no models without cards
        Assert.Equal(RiskClass.Medium, eu.Residual);              // (3 + 1) / 2 = 2

        var (created, errors) = await _service.AddOverrideAsync("acme", "EU", RiskClass.Substantial, "pending remediation of the cash channel",
            _clock.GetUtcNow().AddDays(30), "key-1", 0);
        Assert.Empty(errors);
        Assert.Equal(RiskClass.Medium, created!.FromClass);
        var (_, refused) = await _service.AddOverrideAsync("acme", "EU", RiskClass.High, "two classes up is not allowed", _clock.GetUtcNow().AddDays(30), "key-1", 0);
        Assert.Contains(refused, e => e.StartsWith("toClass", StringComparison.Ordinal));

        _clock.Advance(TimeSpan.FromHours(1));
        var (again, _) = await _service.AssessAsync("acme", ["EU"], 0);
        Assert.Equal(RiskClass.Substantial, again[0].Final);
        Assert.Equal(created.Id, again[0].Override?.Id);

        _clock.Advance(TimeSpan.FromDays(31)); // the override expired
        var (later, _) = await _service.AssessAsync("acme", ["EU"], 0);
        Assert.Equal(RiskClass.Medium, later[0].Final);
        Assert.Null(later[0].Override);

        var history = await _service.HistoryAsync("acme", "EU", 10);
        Assert.Equal([RiskClass.Medium, RiskClass.Substantial, RiskClass.Medium], history.Select(h => h.Final));
        Assert.Empty(await _service.HistoryAsync("other", null, 10));

        var audit = await _audit.ListAsync("acme", 100, null);
        Assert.Equal([PostureDocumentKinds.DataPointsAudit, PostureDocumentKinds.OverrideAudit], audit.Items.Select(e => e.Action));
        Assert.Contains("pending remediation of the cash channel", audit.Items[1].Details, StringComparison.Ordinal);
        Assert.True((await _audit.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task Weights_are_validated_stored_and_audited()
    {
        var refused = await _service.SetWeightsAsync("acme", PostureWeights.Default with
        {
            Families = new Dictionary<RiskFactorFamily, int>
            {
                [RiskFactorFamily.Customers] = 70, [RiskFactorFamily.ProductsTransactions] = 10, [RiskFactorFamily.Channels] = 10, [RiskFactorFamily.Geography] = 10,
            },
        }, "key-1");
        Assert.NotEmpty(refused);
        Assert.Equal(PostureWeights.Default.Families, (await _service.GetWeightsAsync("acme")).Families);

        var chosen = PostureWeights.Default with
        {
            Families = new Dictionary<RiskFactorFamily, int>
            {
                [RiskFactorFamily.Customers] = 10, [RiskFactorFamily.ProductsTransactions] = 40, [RiskFactorFamily.Channels] = 10, [RiskFactorFamily.Geography] = 40,
            },
        };
        Assert.Empty(await _service.SetWeightsAsync("acme", chosen, "key-1"));
        Assert.Equal(40, (await _service.GetWeightsAsync("acme")).Families[RiskFactorFamily.Geography]);
        Assert.Equal(25, (await _service.GetWeightsAsync("other")).Families[RiskFactorFamily.Geography]);
        Assert.Equal(PostureDocumentKinds.WeightsAudit, Assert.Single((await _audit.ListAsync("acme", 10, null)).Items).Action);
    }
}
