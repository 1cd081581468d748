using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 16 §3: records an api process journaled (202) and died with are processed exactly once by another api process,
/// which takes its partition over by lease, replays it through its own dispatcher and marks it processed in that partition.
/// </summary>
[Collection(JournalTakeoverPostgresCollection.Name)]
public sealed class JournalTakeoverTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);
    // Short checkpoints and retries: the test observes them, it never times them.
    private static readonly IngestOptions Ingest = new()
    {
        DispatchConcurrency = 1,
        CheckpointInterval = TimeSpan.FromMilliseconds(50),
        DispatchRetryDelay = TimeSpan.FromMilliseconds(5),
        DispatchRetryMaxDelay = TimeSpan.FromMilliseconds(50),
        DispatchRetryBudget = TimeSpan.FromMilliseconds(100),
    };

    private readonly List<IAsyncDisposable> _disposables = [];
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        var db = await JournalTakeoverPostgresCollection.FreshDatabaseAsync(server);
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
    }

    public async Task DisposeAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
            await _disposables[i].DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task An_orphaned_partition_is_replayed_through_the_dispatcher_once_and_marked_processed_in_that_partition()
    {
        // The dead api process: it journaled 5 records, checkpointed 2, then its renewals stopped (its clock stands still).
        var dead = await PostgresRecordJournal.OpenAsync(DataSource, "api-dead", new ManualClock(T0));
        _disposables.Add(dead);
        await dead.AppendAsync([.. Enumerable.Range(0, 5).Select(i => Record($"tx-{i}"))]);
        await dead.MarkProcessedAsync([1, 2]);

        // The surviving api process, 20 s later: its own journal and dispatcher, and the takeover.
        var later = new ManualClock(T0.AddSeconds(20));
        var own = await PostgresRecordJournal.OpenAsync(DataSource, "api-live", later);
        _disposables.Add(own);
        var monitors = new FakeMonitors();
        var dispatcher = await StartDispatcherAsync(own, monitors);
        var partitions = new JournalPartitionOptions();
        var takeover = new JournalTakeover(DataSource, dispatcher, Ingest, new JournalTakeoverOptions { ProgressInterval = TimeSpan.FromMilliseconds(20) },
            partitions, later, new ServiceHealth(), NullLogger<JournalTakeover>.Instance);

        var took = await takeover.TakeOverOneAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(50));

        Assert.True(took);
        // Exactly the unprocessed records, each once, went to their monitor, and it checkpointed before they were marked.
        Assert.Equal(["tx-2", "tx-3", "tx-4"], monitors.AcknowledgedIds(MonitorKey.For("acme", "US")).Order());
        Assert.Contains(MonitorKey.For("acme", "US"), monitors.Checkpointed);
        var leases = new JournalPartitionLeases(DataSource, later, partitions);
        var state = await leases.GetAsync("api-dead");
        Assert.Equal((5L, 5L, ""), (state!.LastSeq, state.ProcessedWatermark, state.Holder));
        // Marked in the dead partition, not in the taker's own.
        Assert.Equal(0, own.ProcessedWatermark);
        Assert.Equal(0, own.Diagnostics.LastSequence);
        // Nothing is left to take over: a second pass finds nothing and dispatches nothing again.
        Assert.False(await takeover.TakeOverOneAsync(CancellationToken.None));
        Assert.Equal(3, monitors.Acknowledged.Count);
        // The dead owner, had it only stalled, may not write into what was taken over.
        await Assert.ThrowsAsync<JournalPartitionLostException>(() => dead.AppendAsync([Record("tx-late")]));
    }

    [Fact]
    public async Task A_live_partition_is_left_alone()
    {
        var clock = new ManualClock(T0);
        var owner = await PostgresRecordJournal.OpenAsync(DataSource, "api-busy", clock);
        _disposables.Add(owner);
        await owner.AppendAsync([Record("tx-1")]);
        var monitors = new FakeMonitors();
        var dispatcher = await StartDispatcherAsync(owner, monitors);
        var takeover = new JournalTakeover(DataSource, dispatcher, Ingest, new JournalTakeoverOptions(), new JournalPartitionOptions(),
            new ManualClock(T0.AddSeconds(5)), new ServiceHealth(), NullLogger<JournalTakeover>.Instance);

        Assert.False(await takeover.TakeOverOneAsync(CancellationToken.None));
        Assert.Empty(monitors.Acknowledged);
    }

    private async Task<RecordDispatcher> StartDispatcherAsync(IRecordJournal journal, FakeMonitors monitors)
    {
        var options = Ingest;
        var tenants = new TestTenantStore(TestTenantStore.Tenant("acme", "US"));
        var router = new RecordRouter(new TenantDirectory(tenants), new JurisdictionCatalog(RulePackSet.LoadDefault()), NullLogger<RecordRouter>.Instance);
        var dispatcher = new RecordDispatcher(options, router, monitors, journal, new RecordingParkedStore(), new ServiceHealth(), NullLogger<RecordDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        _disposables.Add(new StopDispatcher(dispatcher));
        return dispatcher;
    }

    private static MonitoredRecord Record(string id) =>
        new(id, "acme", T0, 9500m, "USD", PaymentChannel.Cash, null, new Party("hm_acct", null, "US", null), ["US"], null, "US", null, null, null);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class StopDispatcher(RecordDispatcher dispatcher) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await dispatcher.StopAsync(CancellationToken.None);
            dispatcher.Dispose();
        }
    }
}
