using System.Data.Common;

namespace Lepton.Monitor.Storage.Tests.Audit;

/// <summary>
/// What every <see cref="IAuditLog"/> must do: number and chain entries, page them, refuse edits in the database, find
/// edits made behind its back (whole and per tenant, telling a tenant only about its own entries). Each backend's
/// subclass runs these against its own fresh database (SQLite: <see cref="SqliteAuditLogTests"/>; PostgreSQL:
/// <see cref="PostgresAuditLogTests"/>).
/// </summary>
public abstract class AuditLogContractTests
{
    /// <summary>A new log over this test's database, as after a restart (on SQLite the earlier one is done with).</summary>
    protected abstract Task<IAuditLog> OpenLogAsync();

    /// <summary>Runs <paramref name="sql"/> on this test's database as its owner would, the guard triggers in place.</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>What an attacker with file or superuser access could do: switch the guard triggers off and edit rows directly.</summary>
    protected abstract Task TamperAsync(string sql);

    private static async Task<List<AuditEntry>> AppendAsync(IAuditLog log, params string?[] tenants)
    {
        var entries = new List<AuditEntry>();
        foreach (var tenant in tenants)
            entries.Add(await log.AppendAsync(new AuditEvent("k", tenant, "tenant.updated", $"tenant/{tenant}")));
        return entries;
    }

    [Fact]
    public async Task Entries_are_numbered_chained_and_verify()
    {
        var log = await OpenLogAsync();
        var first = await log.AppendAsync(new AuditEvent("key-1", "acme", "tenant.updated", "tenant/acme", new { threshold = 5000 }));
        var second = await log.AppendAsync(new AuditEvent("key-2", null, "api-key.created", "api-key/k9"));

        Assert.Equal(1, first.Seq);
        Assert.Equal(2, second.Seq);
        Assert.Equal(new string('0', 64), first.PreviousHash);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Equal("{\"threshold\":5000}", first.Details);
        Assert.Equal("{}", second.Details);

        var verification = await log.VerifyAsync();
        Assert.True(verification.Valid);
        Assert.Equal(2, verification.Entries);
        Assert.Equal(second.Hash, verification.HeadHash);
        Assert.Equal([first, second], (await (await OpenLogAsync()).ListAsync(null, 10, null)).Items);
    }

    [Fact]
    public async Task Listing_filters_by_tenant_and_pages_in_order()
    {
        var log = await OpenLogAsync();
        for (var i = 0; i < 5; i++)
            await log.AppendAsync(new AuditEvent("k", i % 2 == 0 ? "acme" : "globex", "tenant.updated", $"tenant/{i}"));

        var page1 = await log.ListAsync("acme", 2, null);
        Assert.Equal([1L, 3L], page1.Items.Select(e => e.Seq));
        Assert.NotNull(page1.NextCursor);
        var page2 = await log.ListAsync("acme", 2, page1.NextCursor);
        Assert.Equal([5L], page2.Items.Select(e => e.Seq));
        Assert.Null(page2.NextCursor);
        Assert.Equal(5, (await log.ListAsync(null, 500, null)).Items.Count);
        Assert.Null((await log.ListAsync(null, 5, null)).NextCursor);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.ListAsync(null, 0, null));
    }

    [Fact]
    public async Task A_targets_history_is_listed_oldest_first_within_a_tenant_when_given()
    {
        var log = await OpenLogAsync();
        await log.AppendAsync(new AuditEvent("k", "acme", "alert.acknowledged", "alert/1"));
        await log.AppendAsync(new AuditEvent("k", "acme", "alert.acknowledged", "alert/2"));
        await log.AppendAsync(new AuditEvent("k", "globex", "alert.resolved", "alert/1"));
        await log.AppendAsync(new AuditEvent("k", "acme", "alert.resolved", "alert/1"));

        Assert.Equal([1L, 3L, 4L], (await log.ListForTargetAsync("alert/1", null, 10)).Select(e => e.Seq));
        Assert.Equal([1L, 4L], (await log.ListForTargetAsync("alert/1", "acme", 10)).Select(e => e.Seq));
        Assert.Equal([1L, 3L], (await log.ListForTargetAsync("alert/1", null, 2)).Select(e => e.Seq));
        Assert.Empty(await log.ListForTargetAsync("alert/9", null, 10));
        await Assert.ThrowsAsync<ArgumentException>(() => log.ListForTargetAsync("", null, 10));
    }

    [Fact]
    public async Task Updates_and_deletes_are_refused_by_the_database()
    {
        var log = await OpenLogAsync();
        await log.AppendAsync(new AuditEvent("k", "acme", "tenant.updated", "tenant/acme"));

        var update = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_log SET actor = 'mallory';"));
        Assert.Contains("append-only", update.Message);
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_log;"));
        Assert.Contains("append-only", delete.Message);
        Assert.True((await log.VerifyAsync()).Valid);
        Assert.Equal("k", Assert.Single((await log.ListAsync(null, 10, null)).Items).Actor);
    }

    [Fact]
    public async Task An_entry_edited_behind_the_triggers_back_is_found_with_its_sequence_number()
    {
        var log = await OpenLogAsync();
        for (var i = 0; i < 4; i++)
            await log.AppendAsync(new AuditEvent("k", "acme", "tenant.updated", $"tenant/{i}", new { i }));

        await TamperAsync("UPDATE audit_log SET details = '{\"i\":99}' WHERE seq = 3;");

        var verification = await log.VerifyAsync();
        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstInvalidSeq);
        Assert.Equal(2, verification.Entries);
        Assert.Contains("altered", verification.Reason);
    }

    [Fact]
    public async Task A_deleted_entry_breaks_the_chain()
    {
        var log = await OpenLogAsync();
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(new AuditEvent("k", null, "tenant.updated", $"tenant/{i}"));

        await TamperAsync("DELETE FROM audit_log WHERE seq = 2;");

        var verification = await log.VerifyAsync();
        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstInvalidSeq);
        Assert.Contains("missing", verification.Reason);
    }

    [Fact]
    public async Task The_chain_continues_across_a_reopen()
    {
        var head = (await (await OpenLogAsync()).AppendAsync(new AuditEvent("k", null, "a", "t"))).Hash;

        var log = await OpenLogAsync();
        var next = await log.AppendAsync(new AuditEvent("k", null, "b", "t"));

        Assert.Equal(2, next.Seq);
        Assert.Equal(head, next.PreviousHash);
        Assert.True((await log.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task Bad_events_are_refused_and_nothing_is_written()
    {
        var log = await OpenLogAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEvent(" ", null, "a", "t")));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEvent("k", null, "a", "t", new string('x', SqliteAuditLog.MaxDetailsLength + 1))));
        Assert.Empty((await log.ListAsync(null, 10, null)).Items);
        await Assert.ThrowsAsync<ArgumentException>(() => log.ListAsync(null, 10, "not-a-cursor!"));
        await Assert.ThrowsAsync<ArgumentException>(() => log.VerifyForTenantAsync(" "));
    }

    [Fact]
    public async Task A_tenant_hears_its_own_entry_count_and_head_not_the_chains()
    {
        var log = await OpenLogAsync();
        var entries = await AppendAsync(log, "acme", "globex", "globex", null, "acme", "globex");

        var acme = await log.VerifyForTenantAsync("acme");

        Assert.True(acme.Valid);
        Assert.Equal(2, acme.Entries);
        Assert.Equal(entries[4].Hash, acme.HeadHash);
        Assert.Equal(6, (await log.VerifyAsync()).Entries);
        Assert.Equal(new AuditVerification(true, 0, null, null, null), await log.VerifyForTenantAsync("initech"));
    }

    [Fact]
    public async Task A_break_after_all_of_a_tenants_entries_leaves_them_intact_and_names_nothing()
    {
        var log = await OpenLogAsync();
        await AppendAsync(log, "acme", "globex", "globex", "globex");
        await TamperAsync("UPDATE audit_log SET target = 'x' WHERE seq = 3;");

        var acme = await log.VerifyForTenantAsync("acme");

        Assert.True(acme.Valid);
        Assert.Equal(1, acme.Entries);
        Assert.Null(acme.FirstInvalidSeq);
        Assert.False((await log.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task A_break_in_another_tenants_entry_is_reported_at_the_tenants_own_first_affected_entry()
    {
        var log = await OpenLogAsync();
        await AppendAsync(log, "acme", "globex", "globex", "acme", "globex");
        await TamperAsync("UPDATE audit_log SET target = 'x' WHERE seq = 2;");

        var acme = await log.VerifyForTenantAsync("acme");

        Assert.False(acme.Valid);
        Assert.Equal(1, acme.Entries);
        Assert.Equal(4, acme.FirstInvalidSeq);
        Assert.DoesNotContain("2", acme.Reason);
        Assert.DoesNotContain("globex", acme.Reason);
        Assert.Null(acme.HeadHash);
    }
}
