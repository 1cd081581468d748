using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>What every <see cref="IAlertStore"/> does, run on SQLite (<see cref="AlertStoreTests"/>) and PostgreSQL (<see cref="PostgresAlertStoreTests"/>).</summary>
public abstract class AlertStoreContractTests : AlertContractTests
{
    [Fact]
    public async Task A_new_fingerprint_opens_an_alert()
    {
        var result = await Store.UpsertAsync([TestCandidates.Threshold("tx-1")]);

        var alert = Assert.Single(result.Created);
        Assert.Empty(result.Updated);
        Assert.StartsWith("al-", alert.Id);
        Assert.Equal(AlertStatus.Open, alert.Status);
        Assert.Equal(1, alert.Count);
        Assert.Equal(TestCandidates.T0, alert.FirstSeen);
        Assert.Equal(TestCandidates.T0, alert.LastSeen);
        Assert.Equal(["tx-1"], alert.RecordIds);
        Assert.Equal(alert, await Store.GetAsync(alert.Id), AlertComparer.Instance);
    }

    [Fact]
    public async Task The_same_fingerprint_while_open_grows_one_alert()
    {
        var first = await Store.UpsertAsync([TestCandidates.Threshold("tx-1")]);
        var later = TestCandidates.T0.AddMinutes(5);

        var second = await Store.UpsertAsync([TestCandidates.Threshold("tx-2", at: later, severity: Severity.Critical)]);

        Assert.Empty(second.Created);
        var alert = Assert.Single(second.Updated);
        Assert.Equal(first.Created[0].Id, alert.Id);
        Assert.Equal(2, alert.Count);
        Assert.Equal(later, alert.LastSeen);
        Assert.Equal(TestCandidates.T0, alert.FirstSeen);
        Assert.Equal(Severity.Critical, alert.Severity);
        Assert.Equal(["tx-1", "tx-2"], alert.RecordIds);
        Assert.Equal(2, (await Store.GetAsync(alert.Id))!.Count);
    }

    [Fact]
    public async Task Many_candidates_for_one_fingerprint_in_one_batch_make_one_alert()
    {
        var result = await Store.UpsertAsync([.. Enumerable.Range(0, 5).Select(i => TestCandidates.Threshold($"tx-{i}"))]);

        var alert = Assert.Single(result.Created);
        Assert.Empty(result.Updated);
        Assert.Equal(5, alert.Count);
        Assert.Equal(5, (await Store.GetAsync(alert.Id))!.Count);
    }

    [Fact]
    public async Task A_replayed_record_never_counts_twice()
    {
        var created = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];

        var replay = await Store.UpsertAsync([TestCandidates.Threshold("tx-1"), TestCandidates.Threshold("tx-1")]);
        var sameBatch = await Store.UpsertAsync([TestCandidates.Threshold("tx-2"), TestCandidates.Threshold("tx-2")]);

        Assert.Empty(replay.Created);
        Assert.Empty(replay.Updated);
        Assert.Equal(2, replay.Unchanged);
        Assert.Equal(1, sameBatch.Unchanged);
        Assert.Equal(2, (await Store.GetAsync(created.Id))!.Count);
    }

    [Fact]
    public async Task A_resolved_alert_lets_the_fingerprint_open_a_new_one_but_not_for_a_replayed_record()
    {
        var first = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];
        await Store.UpdateAsync(first.Id, a => a with { Status = AlertStatus.Resolved, Disposition = Disposition.FalsePositive });

        var replayed = await Store.UpsertAsync([TestCandidates.Threshold("tx-1")]);
        var fresh = await Store.UpsertAsync([TestCandidates.Threshold("tx-2")]);

        Assert.Empty(replayed.Created);
        Assert.Equal(1, replayed.Unchanged);
        var second = Assert.Single(fresh.Created);
        Assert.NotEqual(first.Id, second.Id);
        Assert.True(string.CompareOrdinal(second.Id, first.Id) > 0, "ids sort by creation");
        Assert.Equal(1, second.Count);
        Assert.Equal(AlertStatus.Resolved, (await Store.GetAsync(first.Id))!.Status);
    }

    [Fact]
    public async Task An_acknowledged_alert_still_absorbs_its_fingerprint()
    {
        var first = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];
        await Store.UpdateAsync(first.Id, a => a with { Status = AlertStatus.Acknowledged, Assignee = "ana" });

        var result = await Store.UpsertAsync([TestCandidates.Threshold("tx-2")]);

        var alert = Assert.Single(result.Updated);
        Assert.Equal(first.Id, alert.Id);
        Assert.Equal(AlertStatus.Acknowledged, alert.Status);
        Assert.Equal("ana", alert.Assignee);
    }

    [Fact]
    public async Task The_listed_record_ids_stop_at_the_cap_but_every_record_still_counts_and_is_findable()
    {
        var candidates = Enumerable.Range(0, SqliteAlertStore.MaxStoredRecordIds + 5).Select(i => TestCandidates.Threshold($"tx-{i}")).ToList();
        await Store.UpsertAsync(candidates[..600]);
        var result = await Store.UpsertAsync(candidates[600..]);

        var alert = Assert.Single(result.Updated);
        Assert.Equal(SqliteAlertStore.MaxStoredRecordIds + 5, alert.Count);
        Assert.Equal(SqliteAlertStore.MaxStoredRecordIds, alert.RecordIds.Length);
        Assert.Equal("tx-999", alert.RecordIds[^1]);
        var beyondCap = await Store.QueryAsync(new AlertQuery { RecordId = "tx-1004" });
        Assert.Equal(alert.Id, Assert.Single(beyondCap.Items).Id);
        Assert.Equal(1, (await Store.UpsertAsync([TestCandidates.Threshold("tx-1004")])).Unchanged);
    }

    [Fact]
    public async Task Model_alerts_keep_the_highest_score_and_explanations_round_trip()
    {
        await Store.UpsertAsync([TestCandidates.Model("tx-1", 0.91)]);
        var result = await Store.UpsertAsync([TestCandidates.Model("tx-2", 0.97), TestCandidates.Model("tx-3", 0.85)]);

        var stored = (await Store.GetAsync(result.Updated[0].Id))!;
        Assert.Equal(0.97, stored.Score);
        Assert.Equal("risk-v3", stored.ModelVersion);
        var explanation = stored.Explanation;
        Assert.Equal("model score 0.93 ≥ 0.80", explanation.Summary);
        Assert.Equal(new RuleReference("eu-model", "model-score", "EU AMLR Art. 16"), explanation.Rule);
        Assert.Equal(0.91m, explanation.Values[0].Value);
        Assert.Equal(0.8m, explanation.Values[0].Threshold);
        Assert.Equal(true, explanation.Values[1].Value);
        Assert.Null(explanation.Values[1].Threshold);
        Assert.Equal("risk-v3", explanation.Model!.Version);
        Assert.Equal([new FeatureContribution("accountAgeDays", 12, 0.41), new FeatureContribution("amountUsd", 9500, -0.2)], explanation.Model.Contributions);
    }

    [Fact]
    public async Task Triage_round_trips()
    {
        var alert = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];
        var at = TestCandidates.T0.AddHours(1);

        var resolved = await Store.UpdateAsync(alert.Id, a => a with
        {
            Status = AlertStatus.Resolved,
            Disposition = Disposition.TruePositive,
            Assignee = "ana",
            Comments = [new AlertComment("ana", "filed SAR", at)],
        });

        Assert.Equal(resolved, await Store.GetAsync(alert.Id), AlertComparer.Instance);
        Assert.Equal(resolved, await Backend.OpenStore().GetAsync(alert.Id), AlertComparer.Instance);
    }

    [Fact]
    public async Task Alerts_are_read_back_by_a_new_store_instance()
    {
        var alert = (await Store.UpsertAsync([TestCandidates.Model("tx-1", 0.9)])).Created[0];

        var store = Backend.OpenStore();

        Assert.Equal(alert, await store.GetAsync(alert.Id), AlertComparer.Instance);
        Assert.Equal(1, (await store.UpsertAsync([TestCandidates.Model("tx-1", 0.9)])).Unchanged);
    }

    [Fact]
    public async Task Triage_may_not_change_what_the_alert_is()
    {
        var alert = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];

        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpdateAsync(alert.Id, a => a with { Count = 99 }));
        Assert.Null(await Store.UpdateAsync("al-missing", a => a with { Status = AlertStatus.Resolved }));
        Assert.Equal(1, (await Store.GetAsync(alert.Id))!.Count);
    }

    [Fact]
    public async Task Reopening_while_another_alert_holds_the_fingerprint_is_refused()
    {
        var first = (await Store.UpsertAsync([TestCandidates.Threshold("tx-1")])).Created[0];
        await Store.UpdateAsync(first.Id, a => a with { Status = AlertStatus.Resolved });
        await Store.UpsertAsync([TestCandidates.Threshold("tx-2")]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.UpdateAsync(first.Id, a => a with { Status = AlertStatus.Open }));
        Assert.Equal(AlertStatus.Resolved, (await Store.GetAsync(first.Id))!.Status);
    }

    [Fact]
    public async Task Each_filter_narrows_the_result()
    {
        await Store.UpsertAsync([
            TestCandidates.Threshold("r-1", "fp-a", jurisdiction: "US", severity: Severity.High, entity: "e1"),
            TestCandidates.Threshold("r-2", "fp-b", jurisdiction: "EU", severity: Severity.Low, entity: "e2", at: TestCandidates.T0.AddDays(2)),
            TestCandidates.Threshold("r-3", "fp-c", jurisdiction: "US", severity: Severity.Low, entity: "e1", ruleKind: "structuring"),
            TestCandidates.Model("r-4", 0.9, "fp-d"),
        ]);
        var resolved = (await Store.QueryAsync(new AlertQuery { RuleKind = "structuring" })).Items.Single();
        await Store.UpdateAsync(resolved.Id, a => a with { Status = AlertStatus.Resolved });

        async Task<string[]> Records(AlertQuery q) => [.. (await Store.QueryAsync(q)).Items.SelectMany(a => a.RecordIds).Order()];

        Assert.Equal(["r-1", "r-2", "r-3", "r-4"], await Records(new AlertQuery()));
        Assert.Equal(["r-1", "r-3"], await Records(new AlertQuery { Jurisdiction = "US" }));
        Assert.Equal(["r-4"], await Records(new AlertQuery { Kind = AlertKind.Model }));
        Assert.Equal(["r-2", "r-3"], await Records(new AlertQuery { Severity = Severity.Low }));
        Assert.Equal(["r-3"], await Records(new AlertQuery { Status = AlertStatus.Resolved }));
        Assert.Equal(["r-1", "r-2", "r-4"], await Records(new AlertQuery { Status = AlertStatus.Open }));
        Assert.Equal(["r-2"], await Records(new AlertQuery { Since = TestCandidates.T0.AddDays(1) }));
        Assert.Equal(["r-3"], await Records(new AlertQuery { RuleKind = "structuring" }));
        Assert.Equal(["r-1", "r-3"], await Records(new AlertQuery { Entity = "e1" }));
        Assert.Equal(["r-2"], await Records(new AlertQuery { RecordId = "r-2" }));
        Assert.Equal(["r-1"], await Records(new AlertQuery { Jurisdiction = "US", Severity = Severity.High, Entity = "e1" }));
        Assert.Empty(await Records(new AlertQuery { RecordId = "nope" }));
    }

    [Fact]
    public async Task Paging_walks_every_alert_newest_first_without_duplicates_or_gaps()
    {
        for (var batch = 0; batch < 5; batch++)
            await Store.UpsertAsync([.. Enumerable.Range(0, 5).Select(i => TestCandidates.Threshold($"r-{batch}-{i}", $"fp-{batch}-{i}"))]);
        var expected = (await Store.QueryAsync(new AlertQuery { PageSize = 500 })).Items.Select(a => a.Id).ToList();

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryAsync(new AlertQuery { PageSize = 7, Cursor = cursor });
            seen.AddRange(page.Items.Select(a => a.Id));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);

        Assert.Equal(25, expected.Count);
        Assert.Equal(expected.OrderDescending(StringComparer.Ordinal), expected);
        Assert.Equal(expected, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task An_exact_last_page_carries_no_cursor()
    {
        await Store.UpsertAsync([.. Enumerable.Range(0, 4).Select(i => TestCandidates.Threshold($"r-{i}", $"fp-{i}"))]);

        var first = await Store.QueryAsync(new AlertQuery { PageSize = 2 });
        var second = await Store.QueryAsync(new AlertQuery { PageSize = 2, Cursor = first.NextCursor });

        Assert.NotNull(first.NextCursor);
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task A_tenant_never_sees_another_tenants_alerts()
    {
        await Store.UpsertAsync([
            TestCandidates.Threshold("tx-1", "fp-shared", tenant: "acme"),
            TestCandidates.Threshold("tx-1", "fp-shared", tenant: "globex"),
            TestCandidates.Threshold("tx-2", "fp-other", tenant: "globex"),
        ]);

        var acme = await Store.QueryAsync(new AlertQuery { Tenant = "acme" });
        var globexByRecord = await Store.QueryAsync(new AlertQuery { Tenant = "globex", RecordId = "tx-1" });
        var acmeOther = await Store.QueryAsync(new AlertQuery { Tenant = "acme", RecordId = "tx-2" });

        // Same fingerprint and record id in two tenants: two alerts, never merged.
        Assert.Equal("acme", Assert.Single(acme.Items).Tenant);
        Assert.Equal("globex", Assert.Single(globexByRecord.Items).Tenant);
        Assert.Empty(acmeOther.Items);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task Page_sizes_outside_1_to_500_are_refused(int pageSize)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryAsync(new AlertQuery { PageSize = pageSize }));
    }

    [Fact]
    public async Task A_forged_cursor_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync(new AlertQuery { Cursor = "%%%" }));
    }
}
