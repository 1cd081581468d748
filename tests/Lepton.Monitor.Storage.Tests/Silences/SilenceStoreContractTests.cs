namespace Lepton.Monitor.Storage.Tests;

/// <summary>
/// What every <see cref="ISilenceStore"/> must do: states from the clock, newest-first paging, early expiry, the expiry
/// pass's bookkeeping and the audit entries of each. Each backend's subclass runs these against its own fresh database
/// (SQLite: <see cref="SqliteSilenceStoreTests"/>; PostgreSQL: <see cref="PostgresSilenceStoreTests"/>).
/// </summary>
public abstract class SilenceStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    protected ManualTimeProvider Clock { get; } = new(T0);

    /// <summary>A new store over this test's database, as after a restart (or in another process); reads <see cref="Clock"/>.</summary>
    protected abstract Task<ISilenceStore> OpenStoreAsync();

    /// <summary>How long after being applied a started silence is still handed out (zero but in a cluster).</summary>
    protected virtual TimeSpan ReapplyWindow => TimeSpan.Zero;

    /// <summary>The audit log's (action, actor) pairs for <paramref name="target"/>, oldest first.</summary>
    protected abstract Task<IReadOnlyList<(string Action, string Actor)>> AuditAsync(string target);

    /// <summary>A valid silence of <paramref name="tenant"/> made now, as <see cref="SilenceRules"/> would build it.</summary>
    protected Silence NewSilence(string entity, TimeSpan endsIn, TimeSpan? startsIn = null, string tenant = "acme")
    {
        var now = Clock.GetUtcNow();
        return new Silence(SqliteSilenceStore.NewId(now), tenant, [new SilenceMatcher("entity", entity, false, true), new SilenceMatcher("ruleId", "us-.*", true, true)],
            now + (startsIn ?? TimeSpan.Zero), now + endsIn, "ann", "known false positives", now, now);
    }

    [Fact]
    public async Task A_created_silence_is_read_back_whole_with_its_state_audited_and_survives_reopen()
    {
        var store = await OpenStoreAsync();
        var silence = NewSilence("e1", TimeSpan.FromHours(1));

        var created = await store.CreateAsync(silence, "analyst-ann");

        Assert.Equal(SilenceState.Active, created.State);
        var read = (await (await OpenStoreAsync()).GetAsync(silence.Id))!;
        Assert.Equal((silence.Id, "acme", silence.StartsAt, silence.EndsAt, "ann", "known false positives", silence.CreatedAt, silence.UpdatedAt),
            (read.Id, read.Tenant, read.StartsAt, read.EndsAt, read.CreatedBy, read.Comment, read.CreatedAt, read.UpdatedAt));
        Assert.Equal(silence.Matchers, read.Matchers);
        Assert.Equal(SilenceState.Active, read.State);
        Assert.Equal([("silence.created", "analyst-ann")], await AuditAsync(silence.Id));
        Assert.Null(await store.GetAsync("sil-none"));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(SilenceState.Expired, (await store.GetAsync(silence.Id))!.State);
    }

    [Fact]
    public async Task Silences_are_listed_newest_first_by_state_and_tenant_with_cursor_paging()
    {
        var store = await OpenStoreAsync();
        var expiring = NewSilence("e1", TimeSpan.FromMinutes(10));
        await store.CreateAsync(expiring, "ann");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var active = NewSilence("e2", TimeSpan.FromHours(1));
        await store.CreateAsync(active, "ann");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var pending = NewSilence("e3", TimeSpan.FromHours(3), startsIn: TimeSpan.FromHours(2));
        await store.CreateAsync(pending, "ann");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await store.CreateAsync(NewSilence("e4", TimeSpan.FromHours(1), tenant: "globex"), "ann");
        Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal([active.Id], (await store.ListAsync(new SilenceQuery("acme", SilenceState.Active))).Items.Select(s => s.Id));
        Assert.Equal([pending.Id], (await store.ListAsync(new SilenceQuery("acme", SilenceState.Pending))).Items.Select(s => s.Id));
        Assert.Equal([expiring.Id], (await store.ListAsync(new SilenceQuery("acme", SilenceState.Expired))).Items.Select(s => s.Id));

        var first = await store.ListAsync(new SilenceQuery("acme", PageSize: 2));
        Assert.Equal([pending.Id, active.Id], first.Items.Select(s => s.Id));
        Assert.Equal([SilenceState.Pending, SilenceState.Active], first.Items.Select(s => s.State));
        var second = await store.ListAsync(new SilenceQuery("acme", PageSize: 2, Cursor: first.NextCursor));
        Assert.Equal([expiring.Id], second.Items.Select(s => s.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal(SilenceState.Expired, second.Items[0].State);
        Assert.Equal(4, (await store.ListAsync(new SilenceQuery(null))).Items.Count);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(new SilenceQuery(null, PageSize: 0)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(new SilenceQuery(null, Cursor: "not a cursor!")));
    }

    [Fact]
    public async Task Expiring_ends_an_active_silence_now_a_pending_one_before_it_starts_and_leaves_an_ended_one_alone()
    {
        var store = await OpenStoreAsync();
        var active = NewSilence("e1", TimeSpan.FromHours(1));
        var pending = NewSilence("e2", TimeSpan.FromHours(3), startsIn: TimeSpan.FromHours(2));
        await store.CreateAsync(active, "ann");
        await store.CreateAsync(pending, "ann");
        Clock.Advance(TimeSpan.FromMinutes(5));
        var now = Clock.GetUtcNow();

        var ended = (await store.ExpireAsync(active.Id, "bob"))!;
        var neverStarted = (await store.ExpireAsync(pending.Id, "bob"))!;

        Assert.Equal((SilenceState.Expired, active.StartsAt, now, now), (ended.State, ended.StartsAt, ended.EndsAt, ended.UpdatedAt));
        Assert.Equal((SilenceState.Expired, now, now), (neverStarted.State, neverStarted.StartsAt, neverStarted.EndsAt));
        var reread = (await (await OpenStoreAsync()).GetAsync(active.Id))!;
        Assert.Equal((now, SilenceState.Expired), (reread.EndsAt, reread.State));
        Assert.Equal([("silence.created", "ann"), ("silence.expired", "bob")], await AuditAsync(active.Id));

        Clock.Advance(TimeSpan.FromMinutes(1));
        var again = (await store.ExpireAsync(active.Id, "carol"))!;
        Assert.Equal(now, again.EndsAt);
        Assert.Equal(2, (await AuditAsync(active.Id)).Count);
        Assert.Null(await store.ExpireAsync("sil-none", "bob"));
    }

    [Fact]
    public async Task The_live_silences_are_the_pending_and_active_ones_oldest_first()
    {
        var store = await OpenStoreAsync();
        var ending = NewSilence("e1", TimeSpan.FromMinutes(10));
        await store.CreateAsync(ending, "ann");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var active = NewSilence("e2", TimeSpan.FromHours(1));
        await store.CreateAsync(active, "ann");
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var pending = NewSilence("e3", TimeSpan.FromHours(3), startsIn: TimeSpan.FromHours(2));
        await store.CreateAsync(pending, "ann");

        Assert.Equal([ending.Id, active.Id, pending.Id], (await store.ListLiveAsync(Clock.GetUtcNow())).Select(s => s.Id));
        var later = (await (await OpenStoreAsync()).ListLiveAsync(T0.AddMinutes(10))).ToList();
        Assert.Equal([active.Id, pending.Id], later.Select(s => s.Id));
        Assert.Equal([SilenceState.Active, SilenceState.Pending], later.Select(s => s.State));
    }

    [Fact]
    public async Task The_expiry_bookkeeping_hands_out_each_start_and_end_once_and_audits_an_end_that_passed_by_system()
    {
        var store = await OpenStoreAsync();
        var now = NewSilence("e1", TimeSpan.FromMinutes(30));
        var later = NewSilence("e2", TimeSpan.FromHours(2), startsIn: TimeSpan.FromHours(1));
        var byHand = NewSilence("e3", TimeSpan.FromHours(2));
        foreach (var silence in new[] { now, later, byHand })
            await store.CreateAsync(silence, "ann");

        Assert.Equal([now.Id, byHand.Id], (await store.ListStartedUnappliedAsync(Clock.GetUtcNow())).Select(s => s.Id).Order());
        await store.MarkAppliedAsync(now.Id);
        await store.MarkAppliedAsync(byHand.Id);
        Assert.Empty(await store.ListStartedUnappliedAsync(Clock.GetUtcNow() + ReapplyWindow));
        Assert.Empty(await store.ListEndedUnreleasedAsync(Clock.GetUtcNow()));

        Clock.Advance(TimeSpan.FromMinutes(10));
        await store.ExpireAsync(byHand.Id, "bob");
        Clock.Advance(TimeSpan.FromMinutes(50));
        var at = Clock.GetUtcNow();
        Assert.Equal([later.Id], (await store.ListStartedUnappliedAsync(at)).Select(s => s.Id));
        var ended = await (await OpenStoreAsync()).ListEndedUnreleasedAsync(at);
        Assert.Equal([now.Id, byHand.Id], ended.Select(s => s.Id).Order());
        Assert.All(ended, s => Assert.Equal(SilenceState.Expired, s.State));

        await store.MarkReleasedAsync(now.Id);
        await store.MarkReleasedAsync(now.Id);
        await store.MarkReleasedAsync(byHand.Id);
        await store.MarkReleasedAsync("sil-none");

        Assert.Empty(await store.ListEndedUnreleasedAsync(at));
        Assert.Equal([("silence.created", "ann"), ("silence.expired", "system")], await AuditAsync(now.Id));
        Assert.Equal([("silence.created", "ann"), ("silence.expired", "bob")], await AuditAsync(byHand.Id));
    }
}
