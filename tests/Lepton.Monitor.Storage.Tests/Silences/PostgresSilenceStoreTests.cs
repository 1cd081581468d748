using Lepton.Monitor.Alerting;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="SilenceStoreContractTests"/> on PostgreSQL, each test on a freshly migrated database, and what a cluster
/// adds: a silence made through one process's store reaches another process's matcher by its periodic reload; the
/// alerts a silence suppresses or gives back are read through the alert store, page by page.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSilenceStoreTests(PostgresServer server) : SilenceStoreContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;
    private readonly InMemoryAlerts _alerts = new();

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "silences");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    protected override Task<ISilenceStore> OpenStoreAsync() => Task.FromResult<ISilenceStore>(new PostgresSilenceStore(DataSource, _alerts, Clock));

    protected override async Task<IReadOnlyList<(string Action, string Actor)>> AuditAsync(string target) =>
        (await new PostgresAuditLog(DataSource).ListForTargetAsync(target, null, 100)).Select(e => (e.Action, e.Actor)).ToList();

    /// <summary>PostgreSQL text cannot hold U+0000: a NUL in a comment is stored as U+FFFD (it answered 500 before).</summary>
    [Fact]
    public async Task A_NUL_in_a_comment_or_matcher_is_stored_as_the_replacement_character()
    {
        var store = await OpenStoreAsync();
        var silence = NewSilence("e\0x", TimeSpan.FromHours(1)) with { Comment = "maintenance\0window" };

        await store.CreateAsync(silence, "ann");

        var stored = Assert.Single(await store.ListLiveAsync(Clock.GetUtcNow()));
        Assert.Equal("maintenance\uFFFDwindow", stored.Comment);
        Assert.Contains(stored.Matchers, m => m.Value == "e\uFFFDx");
    }

    [Fact]
    public async Task A_silence_created_through_one_process_is_matched_by_another_process_book_after_its_reload()
    {
        var api = await OpenStoreAsync();
        var siloBook = new SilenceBook();
        var siloService = new SilenceService(await OpenStoreAsync(), siloBook, _alerts, Clock);
        var refresher = new SilenceBookRefresher(siloService, Clock, new SilenceBookRefreshOptions(TimeSpan.FromSeconds(2)), NullLogger<SilenceBookRefresher>.Instance);
        await refresher.RunOnceAsync();
        var alert = Alert("al-1", "e1");
        Assert.Null(siloBook.Match(alert, Clock.GetUtcNow()));

        var silence = NewSilence("e1", TimeSpan.FromHours(1));
        await api.CreateAsync(silence, "ann");
        Assert.Null(siloBook.Match(alert, Clock.GetUtcNow())); // not before its reload
        await refresher.RunOnceAsync();

        Assert.Equal(silence.Id, siloBook.Match(alert, Clock.GetUtcNow()));
        await api.ExpireAsync(silence.Id, "bob");
        await refresher.RunOnceAsync();
        Assert.Null(siloBook.Match(alert, Clock.GetUtcNow()));
        Assert.Equal(0, siloBook.Count);
    }

    protected override TimeSpan ReapplyWindow => PostgresSilenceStore.DefaultReapplyWindow;

    [Fact]
    public async Task A_started_silence_is_applied_again_for_a_short_window_so_alerts_of_books_not_yet_reloaded_are_caught()
    {
        var store = await OpenStoreAsync();
        var silence = NewSilence("e1", TimeSpan.FromHours(1));
        await store.CreateAsync(silence, "ann");
        await store.MarkAppliedAsync(silence.Id);
        var applied = Clock.GetUtcNow();

        Assert.Equal([silence.Id], (await store.ListStartedUnappliedAsync(applied + ReapplyWindow - TimeSpan.FromTicks(1))).Select(s => s.Id));
        await store.MarkAppliedAsync(silence.Id); // a later pass: the first application's time stays
        Assert.Empty(await store.ListStartedUnappliedAsync(applied + ReapplyWindow));
    }

    [Fact]
    public async Task Two_processes_releasing_one_ended_silence_audit_its_end_once()
    {
        var silence = NewSilence("e1", TimeSpan.FromMinutes(1));
        await (await OpenStoreAsync()).CreateAsync(silence, "ann");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };

        await Task.WhenAll(stores.Select(store => Task.Run(() => store.MarkReleasedAsync(silence.Id))));

        Assert.Equal([("silence.created", "ann"), ("silence.expired", "system")], await AuditAsync(silence.Id));
    }

    [Fact]
    public async Task The_suppressible_and_suppressed_alerts_are_read_through_the_alert_store_across_pages()
    {
        var store = await OpenStoreAsync();
        _alerts.Items.AddRange(Enumerable.Range(0, 700).Select(i => Alert($"al-{i:D4}", $"e{i}", i % 2 == 0 ? AlertStatus.Open : AlertStatus.Acknowledged)));
        _alerts.Items.Add(Alert("al-r", "e1", AlertStatus.Resolved));
        _alerts.Items.Add(Alert("al-g", "e1", tenant: "globex"));
        _alerts.Items.AddRange(Enumerable.Range(0, 600).Select(i => Alert($"al-s{i:D4}", $"e{i}", AlertStatus.Suppressed) with { SilencedBy = i < 550 ? "sil-1" : "sil-2" }));

        var suppressible = await store.ListSuppressibleAsync("acme");
        var suppressed = await store.ListSuppressedByAsync("acme", "sil-1");

        Assert.Equal(700, suppressible.Select(a => a.Id).Distinct().Count());
        Assert.All(suppressible, a => Assert.True(a.Tenant == "acme" && a.Status is AlertStatus.Open or AlertStatus.Acknowledged));
        Assert.Equal(550, suppressed.Select(a => a.Id).Distinct().Count());
        Assert.All(suppressed, a => Assert.Equal("sil-1", a.SilencedBy));
    }

    private static Alert Alert(string id, string entity, AlertStatus status = AlertStatus.Open, string tenant = "acme") =>
        new(id, tenant, "US", AlertKind.Rule, "us-cash-ctr", "threshold", Severity.High, status, null, "fp-" + id,
            T0, T0, 1, entity, ["tx-1"], null, null,
            new AlertExplanation("cash", new RuleReference("us-cash-ctr", "threshold", "31 CFR 1010.311"), [], null), null, [])
        { Version = 1, UpdatedAt = T0 };

    /// <summary>
    /// The alert store's queries over a list, paged as <see cref="IAlertStore.QueryAsync"/> pages (newest id first). The
    /// PostgreSQL alert store is another part of issue 16; the silence store only queries it.
    /// </summary>
    private sealed class InMemoryAlerts : IAlertStore
    {
        public List<Alert> Items { get; } = [];

        public Task<Page<Alert>> QueryAsync(AlertQuery query, CancellationToken ct = default)
        {
            Paging.ValidatePageSize(query.PageSize);
            var after = Paging.DecodeCursor(query.Cursor);
            var rows = Items.Where(a => (query.Tenant is null || a.Tenant == query.Tenant) && (query.Status is null || a.Status == query.Status)
                    && (after is null || string.CompareOrdinal(a.Id, after) < 0))
                .OrderByDescending(a => a.Id, StringComparer.Ordinal).Take(query.PageSize + 1).ToList();
            string? next = null;
            if (rows.Count > query.PageSize)
            {
                rows.RemoveAt(rows.Count - 1);
                next = Paging.EncodeCursor(rows[^1].Id);
            }
            return Task.FromResult(new Page<Alert>(rows, next));
        }

        public Task<AlertUpsertResult> UpsertAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<Alert?> GetAsync(string id, CancellationToken ct = default) => Task.FromResult(Items.FirstOrDefault(a => a.Id == id));

        public Task<AlertChangeResult> ChangeAsync(AlertChangeRequest request, CancellationToken ct = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<AlertChangeResult>> ChangeManyAsync(IReadOnlyList<AlertChangeRequest> requests, CancellationToken ct = default) =>
            throw new NotSupportedException();

        public Task<Alert?> UpdateAsync(string id, Func<Alert, Alert> change, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
