using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="AlertStoreContractTests"/> on PostgreSQL, and what only cluster mode shows: several processes (store
/// instances with their own pools) writing the same fingerprints at once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertStoreTests(PostgresServer server) : AlertStoreContractTests
{
    private PostgresAlertBackend Postgres => (PostgresAlertBackend)Backend;

    protected override async Task<AlertBackend> CreateBackendAsync() => await PostgresAlertBackend.CreateAsync(server);

    /// <summary>
    /// jsonb refuses the escape \u0000 that a NUL in a record's text becomes: found by posting such a record to a cluster,
    /// where the monitor's batch then failed on every retry. The NUL is stored as U+FFFD instead.
    /// </summary>
    [Fact]
    public async Task A_NUL_in_a_records_text_or_an_explanation_is_stored_as_the_replacement_character()
    {
        var record = TestRecords.Full("tx-nul") with { Memo = "rent\0march" };
        var candidate = TestCandidates.Threshold("tx-nul") is var c
            ? c with { Explanation = c.Explanation with { Summary = "cash\0 12,500.00 USD" }, Evidence = record }
            : throw new InvalidOperationException();

        var result = await Store.UpsertAsync([candidate]);

        var alert = Assert.Single(result.Created);
        Assert.Equal("cash\uFFFD 12,500.00 USD", (await Store.GetAsync(alert.Id))!.Explanation.Summary);
        var evidence = Assert.Single(await new PostgresAlertContext(Postgres.DataSource).EvidenceAsync(alert.Id));
        Assert.Equal("rent\uFFFDmarch", evidence.Record.GetProperty("memo").GetString());
    }

    [Fact]
    public async Task Two_processes_opening_one_fingerprint_at_once_make_one_active_alert_that_counts_every_record_once()
    {
        var (a, _) = Postgres.OpenOtherProcess();
        var (b, _) = Postgres.OpenOtherProcess();
        // Both processes get every record (a retried call after a silo death) and some of their own, in rounds.
        var shared = Enumerable.Range(0, 20).Select(i => TestCandidates.Threshold($"tx-{i}", "fp-race")).ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(round => new[]
        {
            Task.Run(() => a.UpsertAsync([shared[round * 2], shared[round * 2 + 1], TestCandidates.Threshold($"a-{round}", "fp-race")])),
            Task.Run(() => b.UpsertAsync([shared[round * 2 + 1], shared[round * 2], TestCandidates.Threshold($"b-{round}", "fp-race")])),
        }));

        var active = (await Store.QueryAsync(new AlertQuery { Tenant = "acme", PageSize = 10 })).Items;
        var alert = Assert.Single(active);
        Assert.Equal(40, alert.Count); // 20 shared + 10 + 10 own, none twice
        Assert.Single(results, r => r.Created.Count == 1);
        Assert.Equal(20, results.Sum(r => r.Unchanged));
        Assert.Equal(40, alert.RecordIds.Distinct().Count());
    }

    [Fact]
    public async Task Many_fingerprints_written_from_two_processes_in_opposite_orders_all_commit()
    {
        var (a, _) = Postgres.OpenOtherProcess();
        var (b, _) = Postgres.OpenOtherProcess();
        var fingerprints = Enumerable.Range(0, 8).Select(i => $"fp-{i}").ToList();

        await Task.WhenAll(Enumerable.Range(0, 6).SelectMany(round => new[]
        {
            a.UpsertAsync([.. fingerprints.Select(f => TestCandidates.Threshold($"a-{round}-{f}", f))]),
            b.UpsertAsync([.. fingerprints.AsEnumerable().Reverse().Select(f => TestCandidates.Threshold($"b-{round}-{f}", f))]),
        }));

        var alerts = (await Store.QueryAsync(new AlertQuery { PageSize = 50 })).Items;
        Assert.Equal(8, alerts.Count);
        Assert.All(alerts, alert => Assert.Equal(12, alert.Count));
    }
}
