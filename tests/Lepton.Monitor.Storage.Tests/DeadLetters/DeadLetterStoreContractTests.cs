namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="IDeadLetterStore"/> must do: each backend's subclass runs these against its own fresh
/// database (SQLite: <see cref="DeadLetterStoreTests"/>; PostgreSQL: <see cref="PostgresDeadLetterStoreTests"/>).
/// </summary>
public abstract class DeadLetterStoreContractTests
{
    protected static readonly DateTimeOffset At = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A new store over this test's database, as after a restart: the store an earlier call returned is done with
    /// and may no longer work (SQLite closes its file so the next one can take the folder).
    /// </summary>
    protected abstract Task<IDeadLetterStore> OpenStoreAsync();

    [Fact]
    public async Task Added_dead_letters_are_listed_newest_first_and_survive_reopen()
    {
        var letter = new DeadLetter("acme", DeadLetterSources.Http, 3, "tx-9", "amount: must be > 0", """{"id":"tx-9","amount":-1}""", At.AddTicks(7));
        var store = await OpenStoreAsync();
        await store.AddAsync([letter with { Reason = "first" }]);
        await store.AddAsync([letter, new DeadLetter(null, DeadLetterSources.Kafka, null, null, "malformed JSON", null, At)]);

        var page = await (await OpenStoreAsync()).ListAsync(null, 10, null);

        Assert.Equal(["malformed JSON", "amount: must be > 0", "first"], page.Items.Select(d => d.Reason));
        var stored = page.Items[1];
        Assert.Equal(new DeadLetterEntry(stored.Id, "acme", "http", 3, "tx-9", "amount: must be > 0", """{"id":"tx-9","amount":-1}""", At.AddTicks(7)), stored);
        Assert.Null(page.Items[0].Tenant);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Paging_and_tenant_filter_and_counts()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([.. Enumerable.Range(0, 7).Select(i => new DeadLetter(i % 2 == 0 ? "acme" : "globex", DeadLetterSources.File, i, $"tx-{i}", $"reason {i}", null, At))]);

        var reasons = new List<string>();
        string? cursor = null;
        do
        {
            var page = await store.ListAsync("acme", 3, cursor);
            reasons.AddRange(page.Items.Select(d => d.Reason));
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal(["reason 6", "reason 4", "reason 2", "reason 0"], reasons);
        Assert.Equal(4, await store.CountAsync("acme"));
        Assert.Equal(3, await store.CountAsync("globex"));
        Assert.Equal(7, await store.CountAsync(null));
        Assert.Equal(0, await store.CountAsync("initech"));
    }

    [Fact]
    public async Task Unscoped_paging_walks_every_tenant_and_the_tenant_less_ones_once()
    {
        var store = await OpenStoreAsync();
        await store.AddAsync([.. Enumerable.Range(0, 5).Select(i => new DeadLetter(i == 2 ? null : "acme", DeadLetterSources.Http, i, null, $"reason {i}", null, At))]);

        var first = await store.ListAsync(null, 2, null);
        var second = await store.ListAsync(null, 2, first.NextCursor);
        var last = await store.ListAsync(null, 2, second.NextCursor);

        Assert.Equal(["reason 4", "reason 3", "reason 2", "reason 1", "reason 0"],
            first.Items.Concat(second.Items).Concat(last.Items).Select(d => d.Reason));
        Assert.Null(last.NextCursor);
        Assert.True(first.Items[0].Id > first.Items[1].Id);
    }

    [Fact]
    public async Task Unknown_sources_are_refused_and_nothing_is_stored()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync([
            new DeadLetter("acme", DeadLetterSources.Http, 0, null, "ok", null, At),
            new DeadLetter("acme", "ftp", 1, null, "bad source", null, At),
        ]));
        Assert.Equal(0, await store.CountAsync(null));
    }

    [Fact]
    public async Task Demo_stream_and_failed_dispatch_letters_are_kept()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync([
            new DeadLetter("demo", DeadLetterSources.Demo, 0, "d-1", "amount: must be > 0", null, At),
            new DeadLetter("acme", DeadLetterSources.Dispatch, null, "tx-9", "processing: monitor acme/US failed", null, At),
        ]);

        var sources = (await store.ListAsync(null, 10, null)).Items.Select(l => l.Source).Order().ToArray();
        Assert.Equal(["demo", "dispatch"], sources);
    }

    [Fact]
    public async Task Huge_payloads_are_truncated()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync([new DeadLetter("acme", DeadLetterSources.Http, 0, null, "too large", new string('x', 1_000_000), At)]);

        var payload = (await store.ListAsync(null, 1, null)).Items[0].RedactedPayload!;
        Assert.Equal(SqliteDeadLetterStore.MaxPayloadChars, payload.Length);
        Assert.EndsWith("[truncated]", payload);
    }

    [Fact]
    public async Task A_payload_with_a_NUL_is_kept_not_dropped()
    {
        var store = await OpenStoreAsync();

        await store.AddAsync([new DeadLetter("acme", DeadLetterSources.Http, 0, "tx\01", "bad\0byte", "{\"a\":\"x\0y\"}", At)]);

        var kept = Assert.Single((await store.ListAsync("acme", 10, null)).Items);
        Assert.Matches("^\\{\"a\":\"x[\0\uFFFD]y\"\\}$", kept.RedactedPayload);
        Assert.Matches("^bad[\0\uFFFD]byte$", kept.Reason);
        Assert.Matches("^tx[\0\uFFFD]1$", kept.RecordId);
    }

    [Fact]
    public async Task A_forged_cursor_is_refused()
    {
        var store = await OpenStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync(null, 10, Paging.EncodeCursor("not-a-number")));
    }
}
