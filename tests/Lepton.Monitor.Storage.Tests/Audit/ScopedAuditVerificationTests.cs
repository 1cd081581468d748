namespace Lepton.Monitor.Storage.Tests.Audit;

/// <summary>A tenant's verification walks the whole chain but tells the tenant only about its own entries.</summary>
public sealed class ScopedAuditVerificationTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<List<AuditEntry>> AppendAsync(SqliteAuditLog log, params string?[] tenants)
    {
        var entries = new List<AuditEntry>();
        foreach (var tenant in tenants)
            entries.Add(await log.AppendAsync(new AuditEvent("k", tenant, "tenant.updated", $"tenant/{tenant}")));
        return entries;
    }

    [Fact]
    public async Task A_tenant_hears_its_own_entry_count_and_head_not_the_chains()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        var entries = await AppendAsync(log, "acme", "globex", "globex", null, "acme", "globex");

        var acme = await log.VerifyForTenantAsync("acme");

        Assert.True(acme.Valid);
        Assert.Equal(2, acme.Entries);
        Assert.Equal(entries[4].Hash, acme.HeadHash);
        Assert.Equal(6, (await log.VerifyAsync()).Entries);
    }

    [Fact]
    public async Task A_break_after_all_of_a_tenants_entries_leaves_them_intact_and_names_nothing()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        await AppendAsync(log, "acme", "globex", "globex", "globex");
        await Tamper(db, "UPDATE audit_log SET target = 'x' WHERE seq = 3;");

        var acme = await log.VerifyForTenantAsync("acme");

        Assert.True(acme.Valid);
        Assert.Equal(1, acme.Entries);
        Assert.Null(acme.FirstInvalidSeq);
        Assert.False((await log.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task A_break_in_another_tenants_entry_is_reported_at_the_tenants_own_first_affected_entry()
    {
        using var db = _folder.Open();
        var log = new SqliteAuditLog(db);
        await AppendAsync(log, "acme", "globex", "globex", "acme", "globex");
        await Tamper(db, "UPDATE audit_log SET target = 'x' WHERE seq = 2;");

        var acme = await log.VerifyForTenantAsync("acme");

        Assert.False(acme.Valid);
        Assert.Equal(1, acme.Entries);
        Assert.Equal(4, acme.FirstInvalidSeq);
        Assert.DoesNotContain("2", acme.Reason);
        Assert.DoesNotContain("globex", acme.Reason);
        Assert.Null(acme.HeadHash);
    }

    /// <summary>What an attacker with file access could do: drop the guard triggers and edit rows directly.</summary>
    private static Task Tamper(LeptonDatabase db, string sql) => db.WriteAsync((c, t) => LeptonDatabase.Execute(c,
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; " + sql, t));
}
