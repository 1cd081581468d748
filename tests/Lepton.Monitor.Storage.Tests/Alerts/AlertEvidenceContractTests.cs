using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// The records kept as an alert's evidence and the queries of the detail, entity and board views
/// (<see cref="IAlertContextReader"/>, <see cref="IBoardAlertReader"/>), run on SQLite and PostgreSQL.
/// </summary>
public abstract class AlertEvidenceContractTests : AlertContractTests
{
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
        var alert = (await Store.UpsertAsync([WithEvidence("tx-1")])).Created[0];
        await Store.UpsertAsync([WithEvidence("tx-2", at: TestCandidates.T0.AddMinutes(1)), TestCandidates.Threshold("tx-3")]);

        var evidence = await Backend.Context.EvidenceAsync(alert.Id);

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
        var alert = (await Store.UpsertAsync([WithEvidence("tx-1"), WithEvidence("tx-1")])).Created[0];
        await Store.UpsertAsync([WithEvidence("tx-1")]);

        Assert.Single(await Backend.Context.EvidenceAsync(alert.Id));
        Assert.Equal(1, (await Store.GetAsync(alert.Id))!.Count);
    }

    [Fact]
    public async Task An_alert_keeps_at_most_MaxPerAlert_records_the_first_ones()
    {
        var created = (await Store.UpsertAsync([.. Enumerable.Range(0, 30).Select(i => WithEvidence($"tx-{i:D3}", at: TestCandidates.T0.AddSeconds(i)))])).Created[0];
        await Store.UpsertAsync([.. Enumerable.Range(30, 40).Select(i => WithEvidence($"tx-{i:D3}", at: TestCandidates.T0.AddSeconds(i)))]);

        var evidence = await Backend.Context.EvidenceAsync(created.Id);

        Assert.Equal(70, (await Store.GetAsync(created.Id))!.Count);
        Assert.Equal(AlertEvidence.MaxPerAlert, evidence.Count);
        Assert.Equal(Enumerable.Range(0, AlertEvidence.MaxPerAlert).Select(i => $"tx-{i:D3}"), evidence.Select(e => e.RecordId));
    }

    [Fact]
    public async Task Evidence_is_written_in_the_alert_upserts_transaction()
    {
        // An evidence row that cannot be written fails the whole upsert: neither the alert nor its link stays behind.
        await Backend.RefuseEvidenceAsync("tx-bad");

        await Assert.ThrowsAnyAsync<Exception>(() => Store.UpsertAsync([WithEvidence("tx-bad", fingerprint: "fp-bad")]));
        var ok = (await Store.UpsertAsync([WithEvidence("tx-ok")])).Created[0];

        Assert.Empty((await Store.QueryAsync(new AlertQuery { Tenant = "acme", RecordId = "tx-bad", PageSize = 10 })).Items);
        Assert.Single(await Backend.Context.EvidenceAsync(ok.Id));
        Assert.Equal(0L, await Backend.CountEvidenceAsync("tx-bad"));
        Assert.DoesNotContain(await Backend.Events.ReadAfterAsync(0, 10), e => e.AlertJson.Contains("tx-bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Entity_queries_stay_within_the_tenant()
    {
        await Store.UpsertAsync([WithEvidence("a-1", tenant: "acme", entity: "p_same")]);
        await Store.UpsertAsync([WithEvidence("b-1", fingerprint: "fp-b", tenant: "other", entity: "p_same")]);

        Assert.Equal(["a-1"], (await Backend.Context.EntityEvidenceAsync("acme", "p_same", 10)).Select(e => e.RecordId));
        Assert.Equal(["b-1"], (await Backend.Context.EntityEvidenceAsync("other", "p_same", 10)).Select(e => e.RecordId));
        Assert.All(await Backend.Context.EntityAlertsAsync("acme", "p_same", 10), a => Assert.Equal("acme", a.Tenant));
        Assert.Single(await Backend.Context.EntityAlertsAsync("other", "p_same", 10));
    }

    [Fact]
    public async Task Dispositions_count_the_rules_resolved_alerts_and_resolutions_say_who_resolved_which()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
            ids.Add((await Store.UpsertAsync([WithEvidence($"tx-{i}", fingerprint: $"fp-{i}")])).Created[0].Id);
        Disposition[] dispositions = [Disposition.FalsePositive, Disposition.FalsePositive, Disposition.TruePositive];
        for (var i = 0; i < dispositions.Length; i++)
        {
            var d = dispositions[i];
            await Store.ChangeAsync(new AlertChangeRequest(ids[i], null, "key-ana", AlertAuditActions.Resolved,
                a => a with { Status = AlertStatus.Resolved, Disposition = d }));
        }

        var (counts, resolved) = await Backend.Context.DispositionsAsync("acme", "us-threshold");
        var resolutions = await Backend.Context.ResolutionsAsync([ids[0], ids[3]]);

        Assert.Equal(3, resolved);
        Assert.Equal(2, counts["false-positive"]);
        Assert.Equal(1, counts["true-positive"]);
        Assert.Equal(0, (await Backend.Context.DispositionsAsync("other", "us-threshold")).Resolved);
        Assert.Equal(3, (await Backend.Context.RuleAlertsAsync("acme", "us-threshold", 10, except: ids[0])).Count);
        var resolution = Assert.Single(resolutions);
        Assert.Equal((ids[0], "key-ana", AlertAuditActions.Resolved), (resolution.AlertId, resolution.Actor, resolution.Action));
        Assert.Empty(await Backend.Context.ResolutionsAsync([]));
    }

    [Fact]
    public async Task The_board_lists_compact_rows_newest_first_with_the_feed_position_and_total_on_the_first_page()
    {
        for (var i = 0; i < 5; i++)
            await Store.UpsertAsync([WithEvidence($"tx-{i}", fingerprint: $"fp-{i}")]);
        var all = (await Store.QueryAsync(new AlertQuery { PageSize = 10 })).Items;
        await Store.ChangeAsync(new AlertChangeRequest(all[0].Id, null, "key-ana", AlertAuditActions.Acknowledged,
            a => a with { Status = AlertStatus.Acknowledged, Assignee = "ana" }));

        var first = await Backend.Board.ReadAsync(new BoardAlertQuery { PageSize = 3 });
        var second = await Backend.Board.ReadAsync(new BoardAlertQuery { PageSize = 3, Cursor = first.NextCursor });
        var acknowledged = await Backend.Board.ReadAsync(new BoardAlertQuery { Statuses = ["acknowledged", "snoozed"] });
        var otherTenant = await Backend.Board.ReadAsync(new BoardAlertQuery { Tenant = "other" });

        Assert.Equal(all.Select(a => a.Id), first.Items.Concat(second.Items).Select(r => r.Id));
        Assert.Equal(5, first.Total);
        Assert.Equal(await Backend.Events.LastSeqAsync(), first.Position);
        Assert.Null(second.Position);
        Assert.Null(second.Total);
        Assert.Null(second.NextCursor);
        var row = Assert.Single(acknowledged.Items);
        Assert.Equal((all[0].Id, "acknowledged", "ana", 2L), (row.Id, row.Status, row.Assignee, row.Version));
        Assert.Equal(all[0].Explanation.Summary, row.Summary);
        Assert.False(row.PendingResolution);
        Assert.Equal(StoredEnums.ToText(AlertKind.Rule), row.Kind);
        Assert.Equal(1, row.Count);
        Assert.Empty(otherTenant.Items);
        Assert.Equal(0, otherTenant.Total);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Backend.Board.ReadAsync(new BoardAlertQuery { PageSize = 0 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Backend.Board.ReadAsync(new BoardAlertQuery { Cursor = "%%%" }));
    }
}
