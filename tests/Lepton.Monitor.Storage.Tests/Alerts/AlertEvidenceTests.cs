using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>The records kept as an alert's evidence (migration 10) and the queries of the detail and entity views.</summary>
public sealed class AlertEvidenceTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly LeptonDatabase _db;
    private readonly SqliteAlertStore _store;
    private readonly SqliteAlertContext _context;

    public AlertEvidenceTests()
    {
        _db = _folder.Open();
        _store = new SqliteAlertStore(_db);
        _context = new SqliteAlertContext(_db);
    }

    public void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
        _folder.Dispose();
    }

    private static MonitoredRecord Record(string id, string tenant = "acme", string customer = "p_cust1", decimal amount = 12500m, DateTimeOffset? at = null) =>
        new(id, tenant, at ?? TestCandidates.T0, amount, "USD", PaymentChannel.Cash,
            new Party("p_acct1", "N***", "US", customer), null, ["US"], null, null, "memo [card]", null, null)
        { AcceptedAt = TestCandidates.T0 };

    private static AlertCandidate WithEvidence(string recordId, string fingerprint = "fp-1", string tenant = "acme", string entity = "p_cust1",
        DateTimeOffset? at = null) =>
        TestCandidates.Threshold(recordId, fingerprint, tenant, at: at, entity: entity) with { Evidence = Record(recordId, tenant, entity, at: at) };

    [Fact]
    public async Task The_records_that_raise_and_join_an_alert_are_kept_as_its_evidence()
    {
        var alert = (await _store.UpsertAsync([WithEvidence("tx-1")])).Created[0];
        await _store.UpsertAsync([WithEvidence("tx-2", at: TestCandidates.T0.AddMinutes(1)), TestCandidates.Threshold("tx-3")]);

        var evidence = _context.Evidence(alert.Id);

        Assert.Equal(["tx-1", "tx-2"], evidence.Select(e => e.RecordId)); // tx-3 carried no record: nothing to keep
        Assert.All(evidence, e => Assert.Equal("p_cust1", e.Entity));
        var stored = evidence[0].Record;
        Assert.Equal("p_acct1", stored.GetProperty("originator").GetProperty("account").GetString());
        Assert.Equal("cash", stored.GetProperty("channel").GetString());
        Assert.Equal(12500m, stored.GetProperty("amount").GetDecimal());
        Assert.Equal("memo [card]", stored.GetProperty("memo").GetString());
    }

    [Fact]
    public async Task A_replayed_record_does_not_add_evidence_twice()
    {
        var alert = (await _store.UpsertAsync([WithEvidence("tx-1"), WithEvidence("tx-1")])).Created[0];
        await _store.UpsertAsync([WithEvidence("tx-1")]);

        Assert.Single(_context.Evidence(alert.Id));
        Assert.Equal(1, (await _store.GetAsync(alert.Id))!.Count);
    }

    [Fact]
    public async Task An_alert_keeps_at_most_MaxPerAlert_records_the_first_ones()
    {
        var created = (await _store.UpsertAsync([.. Enumerable.Range(0, 30).Select(i => WithEvidence($"tx-{i:D3}", at: TestCandidates.T0.AddSeconds(i)))])).Created[0];
        await _store.UpsertAsync([.. Enumerable.Range(30, 40).Select(i => WithEvidence($"tx-{i:D3}", at: TestCandidates.T0.AddSeconds(i)))]);

        var evidence = _context.Evidence(created.Id);

        Assert.Equal(70, (await _store.GetAsync(created.Id))!.Count);
        Assert.Equal(AlertEvidence.MaxPerAlert, evidence.Count);
        Assert.Equal(Enumerable.Range(0, AlertEvidence.MaxPerAlert).Select(i => $"tx-{i:D3}"), evidence.Select(e => e.RecordId));
    }

    [Fact]
    public async Task Evidence_is_written_in_the_alert_upserts_transaction()
    {
        // An evidence row that cannot be written fails the whole upsert: neither the alert nor its link stays behind.
        await _db.WriteAsync((c, t) => LeptonDatabase.Execute(c, """
            CREATE TRIGGER refuse_evidence BEFORE INSERT ON alert_evidence WHEN NEW.record_id = 'tx-bad'
            BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
            """, t));

        await Assert.ThrowsAnyAsync<Exception>(() => _store.UpsertAsync([WithEvidence("tx-bad", fingerprint: "fp-bad")]));
        var ok = (await _store.UpsertAsync([WithEvidence("tx-ok")])).Created[0];

        Assert.Empty((await _store.QueryAsync(new AlertQuery { Tenant = "acme", RecordId = "tx-bad", PageSize = 10 })).Items);
        Assert.Single(_context.Evidence(ok.Id));
        using var read = _db.OpenReadConnection();
        Assert.Equal(0L, LeptonDatabase.ExecuteScalar(read, "SELECT COUNT(*) FROM alert_evidence WHERE record_id = 'tx-bad';"));
    }

    [Fact]
    public async Task Entity_queries_stay_within_the_tenant()
    {
        await _store.UpsertAsync([WithEvidence("a-1", tenant: "acme", entity: "p_same")]);
        await _store.UpsertAsync([WithEvidence("b-1", fingerprint: "fp-b", tenant: "other", entity: "p_same")]);

        Assert.Equal(["a-1"], _context.EntityEvidence("acme", "p_same", 10).Select(e => e.RecordId));
        Assert.Equal(["b-1"], _context.EntityEvidence("other", "p_same", 10).Select(e => e.RecordId));
        Assert.All(_context.EntityAlerts("acme", "p_same", 10), a => Assert.Equal("acme", a.Tenant));
        Assert.Single(_context.EntityAlerts("other", "p_same", 10));
    }

    [Fact]
    public async Task Dispositions_count_the_rules_resolved_alerts()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add((await _store.UpsertAsync([WithEvidence($"tx-{i}", fingerprint: $"fp-{i}")])).Created[0].Id);
        Disposition[] dispositions = [Disposition.FalsePositive, Disposition.FalsePositive, Disposition.TruePositive];
        for (var i = 0; i < dispositions.Length; i++)
        {
            var d = dispositions[i];
            await _store.UpdateAsync(ids[i], a => a with { Status = AlertStatus.Resolved, Disposition = d });
        }

        var (counts, resolved) = _context.Dispositions("acme", "us-threshold");

        Assert.Equal(3, resolved);
        Assert.Equal(2, counts["false-positive"]);
        Assert.Equal(1, counts["true-positive"]);
        Assert.Equal(0, _context.Dispositions("other", "us-threshold").Resolved);
        Assert.Equal(3, _context.RuleAlerts("acme", "us-threshold", 10, except: ids[0]).Count);
    }
}
