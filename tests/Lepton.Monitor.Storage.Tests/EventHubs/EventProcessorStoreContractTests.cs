namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IEventProcessorStore"/> must do (the interface's doc comments): each backend's subclass runs
/// these against its own fresh database (SQLite: <see cref="SqliteEventProcessorStoreTests"/>; PostgreSQL:
/// <see cref="PostgresEventProcessorStoreTests"/>).
/// </summary>
public abstract class EventProcessorStoreContractTests
{
    protected const string Ns = "lepton-test.servicebus.windows.net";
    protected const string Hub = "transactions";
    protected const string Group = "$Default";

    /// <summary>A store over this test's database; several calls give stores over the same database (two processes).</summary>
    protected abstract Task<IEventProcessorStore> OpenStoreAsync();

    protected static PartitionOwnership Claim(string partition, string owner, string? version = null, string ns = Ns, string hub = Hub, string group = Group) =>
        new(ns, hub, group, partition, owner, DateTimeOffset.MinValue, version);

    protected static PartitionCheckpoint Checkpoint(string partition, long sequence, string? offset = null, string ns = Ns, string hub = Hub, string group = Group) =>
        new(ns, hub, group, partition, offset ?? $"off-{sequence}", sequence, DateTimeOffset.MinValue);

    [Fact]
    public async Task A_first_claim_takes_free_partitions_with_a_version_and_the_stores_time()
    {
        var store = await OpenStoreAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        var won = await store.ClaimOwnershipAsync([Claim("0", "a"), Claim("1", "a")]);

        Assert.Equal(["0", "1"], won.Select(o => o.PartitionId));
        Assert.All(won, o =>
        {
            Assert.Equal("a", o.OwnerId);
            Assert.False(string.IsNullOrEmpty(o.Version));
            Assert.InRange(o.LastModified, before, DateTimeOffset.UtcNow.AddSeconds(5));
        });
        Assert.NotEqual(won[0].Version, won[1].Version);
        Assert.Equal(won, await store.ListOwnershipAsync(Ns, Hub, Group));
    }

    [Fact]
    public async Task A_first_claim_of_a_held_partition_loses()
    {
        var store = await OpenStoreAsync();
        var held = Assert.Single(await store.ClaimOwnershipAsync([Claim("0", "a")]));

        Assert.Empty(await store.ClaimOwnershipAsync([Claim("0", "b")]));

        Assert.Equal([held], await store.ListOwnershipAsync(Ns, Hub, Group));
    }

    [Fact]
    public async Task A_claim_with_a_stale_version_loses_and_leaves_the_owners_row_unchanged()
    {
        var store = await OpenStoreAsync();
        var first = Assert.Single(await store.ClaimOwnershipAsync([Claim("0", "a")]));
        var renewed = Assert.Single(await store.ClaimOwnershipAsync([first with { OwnerId = "a" }]));

        // b read the row before a renewed it: its version is stale. Its claim of the free partition 1 still wins.
        var won = await store.ClaimOwnershipAsync([Claim("0", "b", first.Version), Claim("1", "b")]);

        Assert.Equal(["1"], won.Select(o => o.PartitionId));
        var rows = await store.ListOwnershipAsync(Ns, Hub, Group);
        Assert.Equal(renewed, rows[0]);
        Assert.Equal("b", rows[1].OwnerId);
    }

    [Fact]
    public async Task Renewal_with_the_current_version_gets_a_new_version_and_a_later_time()
    {
        var store = await OpenStoreAsync();
        var first = Assert.Single(await store.ClaimOwnershipAsync([Claim("3", "a")]));

        var renewed = Assert.Single(await store.ClaimOwnershipAsync([first]));

        Assert.NotEqual(first.Version, renewed.Version);
        Assert.True(renewed.LastModified > first.LastModified, $"{renewed.LastModified:O} after {first.LastModified:O}");
        Assert.Equal([renewed], await store.ListOwnershipAsync(Ns, Hub, Group));
        // The old version is spent: a second use of it loses.
        Assert.Empty(await store.ClaimOwnershipAsync([first]));
    }

    [Fact]
    public async Task A_takeover_with_the_current_version_changes_the_owner()
    {
        var store = await OpenStoreAsync();
        var first = Assert.Single(await store.ClaimOwnershipAsync([Claim("0", "a")]));

        var taken = Assert.Single(await store.ClaimOwnershipAsync([first with { OwnerId = "b" }]));

        Assert.Equal("b", Assert.Single(await store.ListOwnershipAsync(Ns, Hub, Group)).OwnerId);
        Assert.Equal(taken, Assert.Single(await store.ListOwnershipAsync(Ns, Hub, Group)));
    }

    [Fact]
    public async Task A_partition_given_up_with_an_empty_owner_is_taken_with_the_new_version()
    {
        var store = await OpenStoreAsync();
        var held = Assert.Single(await store.ClaimOwnershipAsync([Claim("0", "a")]));

        // The SDK's processor relinquishes its partitions at stop by claiming them for owner "".
        var released = Assert.Single(await store.ClaimOwnershipAsync([held with { OwnerId = "" }]));
        Assert.Equal("", Assert.Single(await store.ListOwnershipAsync(Ns, Hub, Group)).OwnerId);

        Assert.Empty(await store.ClaimOwnershipAsync([held with { OwnerId = "b" }]));
        Assert.Equal("b", Assert.Single(await store.ClaimOwnershipAsync([released with { OwnerId = "b" }])).OwnerId);
    }

    [Fact]
    public async Task Of_two_claimers_racing_for_a_partition_exactly_one_wins_each_round()
    {
        var a = await OpenStoreAsync();
        var b = await OpenStoreAsync();
        string? version = null;
        for (var round = 0; round < 20; round++)
        {
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var expected = version;
            var claimA = Task.Run(async () => { await go.Task; return await a.ClaimOwnershipAsync([Claim("0", "a", expected)]); });
            var claimB = Task.Run(async () => { await go.Task; return await b.ClaimOwnershipAsync([Claim("0", "b", expected)]); });
            go.SetResult();
            var results = await Task.WhenAll(claimA, claimB).WaitAsync(TimeSpan.FromSeconds(30));

            var winner = Assert.Single(results.SelectMany(r => r));
            var stored = Assert.Single(await a.ListOwnershipAsync(Ns, Hub, Group));
            Assert.Equal(winner, stored);
            version = winner.Version;
        }
    }

    [Fact]
    public async Task Listing_ownership_returns_every_row_of_only_that_hub_and_group_in_partition_order()
    {
        var store = await OpenStoreAsync();
        await store.ClaimOwnershipAsync([Claim("10", "a"), Claim("2", "a"), Claim("1", "b")]);
        await store.ClaimOwnershipAsync([
            Claim("0", "x", ns: "other.servicebus.windows.net"),
            Claim("0", "x", hub: "alerts"),
            Claim("0", "x", group: "replay"),
        ]);

        var rows = await store.ListOwnershipAsync(Ns, Hub, Group);

        Assert.Equal(["1", "2", "10"], rows.Select(o => o.PartitionId));
        Assert.Equal(["b", "a", "a"], rows.Select(o => o.OwnerId));
        Assert.All(rows, o => Assert.Equal((Ns, Hub, Group), (o.Namespace, o.EventHub, o.ConsumerGroup)));
        Assert.Single(await store.ListOwnershipAsync("other.servicebus.windows.net", Hub, Group));
        Assert.Single(await store.ListOwnershipAsync(Ns, "alerts", Group));
        Assert.Single(await store.ListOwnershipAsync(Ns, Hub, "replay"));
        Assert.Empty(await store.ListOwnershipAsync(Ns, "nothing", Group));
    }

    [Fact]
    public async Task An_absent_checkpoint_is_null()
    {
        var store = await OpenStoreAsync();
        await store.UpdateCheckpointAsync(Checkpoint("1", 5));

        Assert.Null(await store.GetCheckpointAsync(Ns, Hub, Group, "0"));
        Assert.Null(await store.GetCheckpointAsync(Ns, Hub, "replay", "1"));
        Assert.Empty(await store.ListCheckpointsAsync(Ns, "alerts", Group));
    }

    [Fact]
    public async Task A_written_checkpoint_is_read_back_with_the_stores_time()
    {
        var store = await OpenStoreAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        Assert.True(await store.UpdateCheckpointAsync(Checkpoint("0", 41, "4096")));
        Assert.True(await store.UpdateCheckpointAsync(Checkpoint("0", 42, "8192")));

        var read = await store.GetCheckpointAsync(Ns, Hub, Group, "0");
        Assert.NotNull(read);
        Assert.Equal(("8192", 42L), (read.Offset, read.SequenceNumber));
        Assert.Equal((Ns, Hub, Group, "0"), (read.Namespace, read.EventHub, read.ConsumerGroup, read.PartitionId));
        Assert.InRange(read.UpdatedAt, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task A_checkpoint_never_moves_back()
    {
        var store = await OpenStoreAsync();
        Assert.True(await store.UpdateCheckpointAsync(Checkpoint("0", 100, "new")));

        Assert.False(await store.UpdateCheckpointAsync(Checkpoint("0", 99, "older")));
        Assert.False(await store.UpdateCheckpointAsync(Checkpoint("0", 100, "same")));

        var read = await store.GetCheckpointAsync(Ns, Hub, Group, "0");
        Assert.Equal(("new", 100L), (read?.Offset, read?.SequenceNumber ?? -1));
    }

    [Fact]
    public async Task A_checkpoint_without_an_offset_keeps_null()
    {
        var store = await OpenStoreAsync();

        Assert.True(await store.UpdateCheckpointAsync(new PartitionCheckpoint(Ns, Hub, Group, "0", null, 0, DateTimeOffset.UtcNow)));

        var read = await store.GetCheckpointAsync(Ns, Hub, Group, "0");
        Assert.NotNull(read);
        Assert.Null(read.Offset);
        Assert.Equal(0, read.SequenceNumber);
    }

    [Fact]
    public async Task Checkpoints_are_listed_in_partition_order_for_only_that_hub_and_group()
    {
        var store = await OpenStoreAsync();
        foreach (var partition in new[] { "11", "3", "0", "1" })
            await store.UpdateCheckpointAsync(Checkpoint(partition, long.Parse(partition, System.Globalization.CultureInfo.InvariantCulture) + 1));
        await store.UpdateCheckpointAsync(Checkpoint("0", 7, ns: "other.servicebus.windows.net"));
        await store.UpdateCheckpointAsync(Checkpoint("0", 7, group: "replay"));

        var rows = await store.ListCheckpointsAsync(Ns, Hub, Group);

        Assert.Equal(["0", "1", "3", "11"], rows.Select(c => c.PartitionId));
        Assert.Equal([1L, 2, 4, 12], rows.Select(c => c.SequenceNumber));
    }

    [Fact]
    public async Task Unicode_text_survives()
    {
        var store = await OpenStoreAsync();
        const string owner = "silo-zürich-東京-🚀";

        await store.ClaimOwnershipAsync([Claim("0", owner)]);
        await store.UpdateCheckpointAsync(Checkpoint("0", 1, "offset-ü-🚀"));

        Assert.Equal(owner, Assert.Single(await store.ListOwnershipAsync(Ns, Hub, Group)).OwnerId);
        Assert.Equal("offset-ü-🚀", (await store.GetCheckpointAsync(Ns, Hub, Group, "0"))?.Offset);
    }

    [Fact]
    public async Task Stores_over_the_same_database_see_each_others_writes()
    {
        var a = await OpenStoreAsync();
        var b = await OpenStoreAsync();

        var claimed = Assert.Single(await a.ClaimOwnershipAsync([Claim("0", "a")]));
        await a.UpdateCheckpointAsync(Checkpoint("0", 9));

        Assert.Equal([claimed], await b.ListOwnershipAsync(Ns, Hub, Group));
        Assert.Equal(9, (await b.GetCheckpointAsync(Ns, Hub, Group, "0"))?.SequenceNumber);
        Assert.Empty(await b.ClaimOwnershipAsync([Claim("0", "b")]));
    }
}
