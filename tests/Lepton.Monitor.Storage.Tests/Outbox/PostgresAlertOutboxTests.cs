using System.Collections.Concurrent;
using System.Text;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="AlertOutboxContractTests"/> on PostgreSQL, each test on a freshly migrated database, plus what only a
/// shared database has to get right: several processes (here: several outbox instances) inserting, draining and waiting.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertOutboxTests(PostgresServer server) : AlertOutboxContractTests
{
    private readonly List<PostgresAlertOutbox> _opened = [];
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialized");

    public override async Task InitializeAsync()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "alert_outbox");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        foreach (var outbox in _opened)
            await outbox.DisposeAsync();
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    protected override Task<IAlertOutbox> OpenOutboxAsync(TimeProvider clock) => Task.FromResult<IAlertOutbox>(Open(clock));

    private PostgresAlertOutbox Open(TimeProvider clock)
    {
        var outbox = new PostgresAlertOutbox(DataSource, clock);
        _opened.Add(outbox);
        return outbox;
    }

    private static OutboxMessage Message(string key, string id) => new(key, id, Encoding.UTF8.GetBytes(id));

    [Fact]
    public async Task Messages_inserted_in_a_callers_transaction_commit_and_roll_back_with_it()
    {
        var outbox = Open(TimeProvider.System);
        await using (var connection = await DataSource.OpenConnectionAsync())
        {
            await using (var rolledBack = await connection.BeginTransactionAsync())
            {
                await PostgresAlertOutbox.InsertAsync(connection, rolledBack, [Message("acme", "lost")], 1_000, default);
                await rolledBack.RollbackAsync();
            }
            await using var committed = await connection.BeginTransactionAsync();
            await PostgresAlertOutbox.InsertAsync(connection, committed, [Message("acme", "a1"), Message("beta", "b1"), Message("acme", "a2")], 2_000, default);
            await PostgresAlertOutbox.InsertAsync(connection, committed, [], 2_000, default);
            await committed.CommitAsync();
        }

        var entries = await outbox.PeekAsync(10);
        Assert.Equal(["a1", "b1", "a2"], entries.Select(e => e.EventId));
        Assert.All(entries, e => Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2_000), e.CreatedAt));
    }

    [Fact]
    public async Task A_key_one_drainer_read_is_not_read_by_another_until_the_first_starts_its_next_round()
    {
        var first = Open(TimeProvider.System);
        var second = Open(TimeProvider.System);
        await first.AddAsync([Message("acme", "a1"), Message("beta", "b1"), Message("acme", "a2")]);
        var now = DateTimeOffset.UtcNow;

        Assert.Equal(["a1", "b1", "a2"], (await first.ReadDueAsync(10, now)).Select(e => e.EventId));
        Assert.Empty(await second.ReadDueAsync(10, now));

        // The first drainer delivered a1 and lets go of its keys at its next round, which finds acme's a2 still due.
        await first.DeleteAsync([(await first.PeekAsync(1))[0].Seq]);
        Assert.Equal(["b1", "a2"], (await first.ReadDueAsync(10, now)).Select(e => e.EventId));
        Assert.Empty(await second.ReadDueAsync(10, now));

        // A drainer that goes away (its process dies) releases its keys with its session.
        await first.DisposeAsync();
        Assert.Equal(["b1", "a2"], (await second.ReadDueAsync(10, now)).Select(e => e.EventId));
    }

    [Fact]
    public async Task An_add_in_one_process_wakes_a_waiter_in_another()
    {
        var adder = Open(TimeProvider.System);
        var waiter = Open(TimeProvider.System);
        // The first wait starts listening and returns once it listens (that wake-up covers anything added before).
        await waiter.WaitForAddAsync(TimeSpan.FromSeconds(30));
        var wait = waiter.WaitForAddAsync(TimeSpan.FromMinutes(5));
        Assert.False(wait.IsCompleted);

        await adder.AddAsync([Message("acme", "a1")]);

        Assert.Same(wait, await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(30))));
    }

    [Fact]
    public async Task Two_drainers_on_one_outbox_send_each_message_once_and_each_keys_messages_in_order_never_at_once()
    {
        const int Keys = 8, PerKey = 25;
        var transport = new ConcurrentTransport();
        var options = new OutboxOptions { BatchSize = 4 };
        var producer = Open(TimeProvider.System);
        for (var round = 0; round < PerKey; round++)
            await producer.AddAsync([.. Enumerable.Range(0, Keys).Select(k => Message($"t{k}", $"t{k}/{round}"))]);
        var drainers = new[] { "one", "two" }.Select(name =>
            new OutboxDrainer(Open(TimeProvider.System), transport.For(name), options, new ServiceHealth(), TimeProvider.System)).ToArray();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await Task.WhenAll(drainers.Select(d => Task.Run(async () =>
        {
            while ((await d.RunRoundAsync(timeout.Token)).Depth.Pending > 0)
                timeout.Token.ThrowIfCancellationRequested();
        })));

        Assert.Empty(transport.Overlaps);
        Assert.Equal(0, await producer.CountAsync());
        Assert.Equal(Keys * PerKey, transport.Delivered.Count);
        foreach (var key in Enumerable.Range(0, Keys))
        {
            var ids = transport.Delivered.Where(d => d.Key == $"t{key}").Select(d => d.EventId);
            Assert.Equal(Enumerable.Range(0, PerKey).Select(r => $"t{key}/{r}"), ids);
        }
        Assert.All(new[] { "one", "two" }, name => Assert.Contains(transport.Delivered, d => d.Drainer == name));
    }

    /// <summary>
    /// A broker shared by several drainers that records deliveries in order and every moment two drainers had one key
    /// in flight at once. Each drainer's first send waits (at most 20 s) until the other's has begun, so both take part.
    /// </summary>
    private sealed class ConcurrentTransport
    {
        private readonly ConcurrentDictionary<string, string> _inFlight = new(StringComparer.Ordinal);
        private readonly CountdownEvent _bothSending = new(2);

        public ConcurrentQueue<(string Drainer, string Key, string EventId)> Delivered { get; } = new();
        public ConcurrentQueue<string> Overlaps { get; } = new();

        public IOutboxTransport For(string drainer) => new Drainer(this, drainer);

        private sealed class Drainer(ConcurrentTransport shared, string name) : IOutboxTransport
        {
            private bool _started;

            public string Name { get; } = "concurrent-" + name;

            public async Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
            {
                var keys = entries.Select(e => e.Key).Distinct().ToList();
                foreach (var key in keys)
                {
                    if (!shared._inFlight.TryAdd(key, name))
                        shared.Overlaps.Enqueue($"{key}: {name} while {shared._inFlight.GetValueOrDefault(key)}");
                }
                if (!_started)
                {
                    _started = true;
                    shared._bothSending.Signal();
                    await Task.Run(() => shared._bothSending.Wait(TimeSpan.FromSeconds(20), ct), ct);
                }
                await Task.Yield();
                foreach (var e in entries)
                    shared.Delivered.Enqueue((name, e.Key, e.EventId));
                foreach (var key in keys)
                    shared._inFlight.TryRemove(new KeyValuePair<string, string>(key, name));
                return new OutboxSendFailure?[entries.Count];
            }
        }
    }
}
