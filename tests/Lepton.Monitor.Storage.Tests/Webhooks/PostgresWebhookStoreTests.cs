using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// <see cref="WebhookStoreContractTests"/> on PostgreSQL, each test on a freshly migrated database, and what only a
/// shared database has to show: several dispatchers and senders (store instances, as in several api processes) never
/// send a delivery twice at once, make a change's delivery once, and flush a group window once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookStoreTests(PostgresServer server) : WebhookStoreContractTests, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        var db = await PostgresCollection.FreshDatabaseAsync(server, "webhooks");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
            await _dataSource.DisposeAsync();
    }

    protected override Task<IWebhookStore> OpenStoreAsync() => Task.FromResult<IWebhookStore>(new PostgresWebhookStore(DataSource, Clock));

    protected override async Task<IReadOnlyList<string>> AuditActionsAsync(string target, string tenant) =>
        (await new PostgresAuditLog(DataSource).ListForTargetAsync(target, tenant, 100)).Select(e => e.Action).ToList();

    [Fact]
    public async Task Two_senders_claiming_at_once_never_get_the_same_due_delivery()
    {
        var first = await OpenStoreAsync();
        var second = await OpenStoreAsync();
        var sub = await Subscribe(first);
        await first.FanOutAsync(0, 60, [.. Enumerable.Range(1, 60).Select(seq => Planned(sub.Id, seq))]);

        // Eight claimers (four per instance) take small batches at once until nothing is due.
        var claimed = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task Claim(IWebhookStore store)
        {
            // Bounded: 20 batches clear the queue, so a store handing deliveries out again fails the count, never hangs.
            for (var batch = 0; batch < 25; batch++)
            {
                var due = await store.DueAsync(Start, 3);
                if (due.Count == 0)
                    return;
                foreach (var delivery in due)
                    claimed.Add(delivery.Id);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Claim(i % 2 == 0 ? first : second))));

        Assert.Equal(60, claimed.Count);
        Assert.Equal(60, claimed.Distinct().Count());
        // Claimed, not sent: still pending (the depth counts them), due again only when the lease runs out.
        Assert.Equal(60, await first.PendingCountAsync());
    }

    [Fact]
    public async Task A_claim_whose_sender_died_is_due_again_when_its_lease_ends()
    {
        var store = new PostgresWebhookStore(DataSource, Clock, claimLease: TimeSpan.FromMinutes(1));
        var sub = await Subscribe(store);
        await store.FanOutAsync(0, 1, [Planned(sub.Id, 1)]);

        var claimed = Assert.Single(await store.DueAsync(Start, 10));
        Assert.Empty(await store.DueAsync(Start.AddSeconds(59), 10));
        var again = Assert.Single(await store.DueAsync(Start.AddMinutes(1), 10));

        Assert.Equal((claimed.Id, 0), (again.Id, again.RoundAttempts));
    }

    [Fact]
    public async Task Two_dispatchers_fanning_out_the_same_batch_make_each_delivery_once()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync(), await OpenStoreAsync() };
        var sub = await Subscribe(stores[0]);
        var other = await Subscribe(stores[0]);
        IReadOnlyList<PlannedDelivery> plan = [.. Enumerable.Range(1, 20).SelectMany(seq => new[] { Planned(sub.Id, seq), Planned(other.Id, seq) })];

        var results = await Task.WhenAll(stores.Select(store => Task.Run(() => store.FanOutAsync(0, 20, plan))));

        Assert.Single(results, moved => moved);
        Assert.Equal(20, await stores[1].DispatchedSeqAsync());
        Assert.Equal(40, await stores[2].PendingCountAsync());
        // A dispatcher that crashed after its commit and repeats the batch from a cursor it moved again makes nothing new.
        await using (var rewind = DataSource.CreateCommand("UPDATE webhook_state SET value = 0 WHERE name = 'dispatched_seq'"))
            await rewind.ExecuteNonQueryAsync();
        Assert.True(await stores[1].FanOutAsync(0, 20, plan));
        Assert.Equal(40, await stores[2].PendingCountAsync());
        Assert.Equal(20, (await stores[0].ListDeliveriesAsync(sub.Id, null, 50, null)).Items.Select(d => d.EventSeq).Distinct().Count());
    }

    [Fact]
    public async Task Two_dispatchers_flushing_at_once_send_a_due_group_once()
    {
        var stores = new[] { await OpenStoreAsync(), await OpenStoreAsync() };
        var grouping = new WebhookGrouping(["ruleId"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(4));
        var sub = await Subscribe(stores[0], group: grouping);
        await stores[0].FanOutAsync(0, 3, [], [.. Enumerable.Range(1, 3).Select(i =>
            new GroupChange(sub.Id, "acme", $"k{i}", $"al-{i}", $$"""{"id":"al-{{i}}","status":"open"}""", false))]);
        Clock.Advance(TimeSpan.FromSeconds(30));

        var made = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => stores[i % 2].FlushGroupsAsync())));

        Assert.Equal(3, made.Sum());
        Assert.Equal(3, (await stores[0].ListDeliveriesAsync(sub.Id, null, 50, null)).Items.Count);
        Assert.Equal(0, await stores[1].FlushGroupsAsync());
    }

    [Fact]
    public async Task An_attempt_error_with_a_NUL_is_stored_with_the_replacement_character()
    {
        var store = await OpenStoreAsync();
        var sub = await Subscribe(store);
        await store.FanOutAsync(0, 1, [Planned(sub.Id, 1)]);
        var due = Assert.Single(await store.DueAsync(Start, 10));

        Assert.True(await store.RecordAsync(new DeliveryResult(due.Id, sub.Id, new WebhookAttempt(Start, null, "reset\0by peer", 5), DeliveryNext.Retry, Start)));

        var delivery = Assert.Single((await store.ListDeliveriesAsync(sub.Id, null, 50, null)).Items);
        Assert.Equal("reset\uFFFDby peer", delivery.LastError);
        Assert.Equal("reset\uFFFDby peer", Assert.Single(delivery.Attempts).Error);
    }
}
