using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage.Tests.Audit;

public sealed class SqliteAuditLogTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Entries_are_numbered_chained_and_verify()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
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
    }

    [Fact]
    public async Task Listing_filters_by_tenant_and_pages_in_order()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        for (var i = 0; i < 5; i++)
            await log.AppendAsync(new AuditEvent("k", i % 2 == 0 ? "acme" : "globex", "tenant.updated", $"tenant/{i}"));

        var page1 = await log.ListAsync("acme", 2, null);
        Assert.Equal([1L, 3L], page1.Items.Select(e => e.Seq));
        Assert.NotNull(page1.NextCursor);
        var page2 = await log.ListAsync("acme", 2, page1.NextCursor);
        Assert.Equal([5L], page2.Items.Select(e => e.Seq));
        Assert.Null(page2.NextCursor);
        Assert.Equal(5, (await log.ListAsync(null, 500, null)).Items.Count);
    }

    [Fact]
    public async Task Updates_and_deletes_are_refused_by_the_database()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        await log.AppendAsync(new AuditEvent("k", "acme", "tenant.updated", "tenant/acme"));

        var update = await Assert.ThrowsAsync<SqliteException>(() => db.WriteAsync((c, t) => LeptonDatabase.Execute(c, "UPDATE audit_log SET actor = 'mallory';", t)));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAsync<SqliteException>(() => db.WriteAsync((c, t) => LeptonDatabase.Execute(c, "DELETE FROM audit_log;", t)));
        Assert.True((await log.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task An_entry_edited_behind_the_triggers_back_is_found_with_its_sequence_number()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        for (var i = 0; i < 4; i++)
            await log.AppendAsync(new AuditEvent("k", "acme", "tenant.updated", $"tenant/{i}", new { i }));

        await Tamper(db, "UPDATE audit_log SET details = '{\"i\":99}' WHERE seq = 3;");

        var verification = await log.VerifyAsync();
        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstInvalidSeq);
        Assert.Equal(2, verification.Entries);
        Assert.Contains("altered", verification.Reason);
    }

    [Fact]
    public async Task A_deleted_entry_breaks_the_chain()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        for (var i = 0; i < 3; i++)
            await log.AppendAsync(new AuditEvent("k", null, "tenant.updated", $"tenant/{i}"));

        await Tamper(db, "DELETE FROM audit_log WHERE seq = 2;");

        var verification = await log.VerifyAsync();
        Assert.False(verification.Valid);
        Assert.Equal(3, verification.FirstInvalidSeq);
        Assert.Contains("missing", verification.Reason);
    }

    [Fact]
    public async Task The_chain_continues_across_a_reopen()
    {
        string head;
        using (var db = _folder.Open())
            head = (await new SqliteAuditLog(db).AppendAsync(new AuditEvent("k", null, "a", "t"))).Hash;
        using (var db = _folder.Open())
        {
            var log = new SqliteAuditLog(db);
            var next = await log.AppendAsync(new AuditEvent("k", null, "b", "t"));
            Assert.Equal(2, next.Seq);
            Assert.Equal(head, next.PreviousHash);
            Assert.True((await log.VerifyAsync()).Valid);
        }
    }

    [Fact]
    public async Task Bad_events_are_refused_and_nothing_is_written()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEvent(" ", null, "a", "t")));
        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(new AuditEvent("k", null, "a", "t", new string('x', SqliteAuditLog.MaxDetailsLength + 1))));
        Assert.Empty((await log.ListAsync(null, 10, null)).Items);
        await Assert.ThrowsAsync<ArgumentException>(() => log.ListAsync(null, 10, "not-a-cursor!"));
    }

    /// <summary>What an attacker with file access could do: drop the guard triggers and edit rows directly.</summary>
    private static Task Tamper(LeptonDatabase db, string sql) => db.WriteAsync((c, t) => LeptonDatabase.Execute(c,
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql, t));
}
