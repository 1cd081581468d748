using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Compliance.Tests.Storage;

/// <summary>What every <see cref="IReportDraftStore"/> does, run on SQLite and on PostgreSQL.</summary>
public abstract class ReportDraftStoreContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    protected abstract Task<(IReportDraftStore Store, IAuditLog Audit)> OpenAsync();

    private static StoredReportDraft Row(string id, string tenant, string status = "draft", long version = 1, string narrative = "n") => new(
        id, tenant, "fincen-sar", status, version, Now, status == "filed" ? Now.AddDays(90) : null,
        $$"""{"id":"{{id}}","tenant":"{{tenant}}","narrative":"{{narrative}}","version":{{version}}}""");

    private static AuditEvent Audit(StoredReportDraft row, string action) => new("key-1", row.Tenant, action, row.Id, new { version = row.Version });

    [Fact]
    public async Task A_draft_round_trips_and_every_write_is_audited_in_the_chain()
    {
        var (store, audit) = await OpenAsync();
        var row = Row("rpt-01", "acme");

        await store.InsertAsync(row, Audit(row, "report.created"));
        var stored = await store.GetAsync("rpt-01");

        Assert.NotNull(stored);
        Assert.Equal(("acme", "fincen-sar", "draft", 1L, Now), (stored.Tenant, stored.Type, stored.Status, stored.Version, stored.UpdatedAt));
        Assert.Equal("n", JsonNode.Parse(stored.Document)!["narrative"]!.GetValue<string>());
        Assert.Null(await store.GetAsync("rpt-unknown"));

        var filed = Row("rpt-01", "acme", "filed", 2, "changed");
        Assert.True(await store.ReplaceAsync(filed, 1, Audit(filed, "report.file")));
        stored = await store.GetAsync("rpt-01");
        Assert.Equal(("filed", 2L, (DateTimeOffset?)Now.AddDays(90)), (stored!.Status, stored.Version, stored.ReviewDueAt));
        Assert.Equal("changed", JsonNode.Parse(stored.Document)!["narrative"]!.GetValue<string>());

        var entries = await audit.ListForTargetAsync("rpt-01", "acme", 10);
        Assert.Equal(["report.created", "report.file"], entries.Select(e => e.Action));
        Assert.True((await audit.VerifyAsync()).Valid);
    }

    [Fact]
    public async Task A_stale_version_writes_nothing_not_even_its_audit_entry()
    {
        var (store, audit) = await OpenAsync();
        var row = Row("rpt-02", "acme");
        await store.InsertAsync(row, Audit(row, "report.created"));
        var first = Row("rpt-02", "acme", "ready-for-review", 2);
        Assert.True(await store.ReplaceAsync(first, 1, Audit(first, "report.submit")));

        var stale = Row("rpt-02", "acme", "approved", 2, "stale");
        Assert.False(await store.ReplaceAsync(stale, 1, Audit(stale, "report.approve")));
        var otherTenant = Row("rpt-02", "globex", "approved", 3);
        Assert.False(await store.ReplaceAsync(otherTenant, 2, Audit(otherTenant, "report.approve")));

        Assert.Equal("ready-for-review", (await store.GetAsync("rpt-02"))!.Status);
        Assert.Equal(2, (await audit.ListForTargetAsync("rpt-02", null, 10)).Count);
        await Assert.ThrowsAsync<ArgumentException>(() => store.ReplaceAsync(Row("rpt-02", "acme", "approved", 5), 2, Audit(row, "x")));
    }

    [Fact]
    public async Task Lists_filter_by_tenant_and_status_and_page_newest_first()
    {
        var (store, _) = await OpenAsync();
        foreach (var (id, tenant, status) in new[] { ("rpt-A1", "acme", "draft"), ("rpt-A2", "acme", "filed"), ("rpt-A3", "acme", "draft"), ("rpt-B1", "globex", "draft") })
        {
            var row = Row(id, tenant, status);
            await store.InsertAsync(row with { Version = 1 }, Audit(row, "report.created"));
        }

        var first = await store.ListAsync(new ReportDraftQuery("acme", "draft", PageSize: 1));
        var second = await store.ListAsync(new ReportDraftQuery("acme", "draft", PageSize: 1, Cursor: first.NextCursor));
        var all = await store.ListAsync(new ReportDraftQuery(null));

        Assert.Equal("rpt-A3", Assert.Single(first.Items).Id);
        Assert.Equal("rpt-A1", Assert.Single(second.Items).Id);
        Assert.Null(second.NextCursor);
        Assert.Equal(["rpt-B1", "rpt-A3", "rpt-A2", "rpt-A1"], all.Items.Select(r => r.Id));
        // Only the filed one has a review date (Now + 90 days).
        Assert.Empty((await store.ListAsync(new ReportDraftQuery("acme") { ReviewDueBy = Now.AddDays(89) })).Items);
        Assert.Equal("rpt-A2", Assert.Single((await store.ListAsync(new ReportDraftQuery("acme") { ReviewDueBy = Now.AddDays(90) })).Items).Id);
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(new ReportDraftQuery("acme", PageSize: 0)));
    }

    [Fact]
    public async Task Lists_filter_by_an_alert_the_draft_came_from()
    {
        var (store, _) = await OpenAsync();
        foreach (var (id, tenant, alerts) in new[] { ("rpt-C1", "acme", "\"al-1\",\"al-2\""), ("rpt-C2", "acme", "\"al-2\""), ("rpt-C3", "globex", "\"al-1\"") })
        {
            var row = Row(id, tenant) with { Document = $$"""{"id":"{{id}}","tenant":"{{tenant}}","alertIds":[{{alerts}}]}""" };
            await store.InsertAsync(row, Audit(row, "report.created"));
        }

        Assert.Equal("rpt-C1", Assert.Single((await store.ListAsync(new ReportDraftQuery("acme") { AlertId = "al-1" })).Items).Id);
        Assert.Equal(["rpt-C2", "rpt-C1"], (await store.ListAsync(new ReportDraftQuery("acme") { AlertId = "al-2" })).Items.Select(r => r.Id));
        Assert.Equal(["rpt-C3", "rpt-C1"], (await store.ListAsync(new ReportDraftQuery(null) { AlertId = "al-1" })).Items.Select(r => r.Id));
        // A prefix of an id is not the id.
        Assert.Empty((await store.ListAsync(new ReportDraftQuery("acme") { AlertId = "al-" })).Items);
    }
}

public sealed class SqliteReportDraftStoreTests : ReportDraftStoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new();
    private LeptonDatabase? _db;

    protected override Task<(IReportDraftStore, IAuditLog)> OpenAsync()
    {
        _db = LeptonDatabase.Open(_folder.Path, createIfEmpty: true);
        var clock = new ManualClock(Now);
        return Task.FromResult<(IReportDraftStore, IAuditLog)>((new SqliteReportDraftStore(_db, clock), new SqliteAuditLog(_db, clock)));
    }

    public void Dispose()
    {
        _db?.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ReportDraftsPostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "report drafts postgres";
}

[Collection(ReportDraftsPostgresCollection.Name)]
public sealed class PostgresReportDraftStoreTests(PostgresServer server) : ReportDraftStoreContractTests, IDisposable
{
    private NpgsqlDataSource? _dataSource;

    protected override async Task<(IReportDraftStore, IAuditLog)> OpenAsync()
    {
        var db = await server.CreateDatabaseAsync("reports_" + Guid.NewGuid().ToString("N")[..12]);
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
        var clock = new ManualClock(Now);
        return (new PostgresReportDraftStore(_dataSource, clock), new PostgresAuditLog(_dataSource, clock));
    }

    public void Dispose() => _dataSource?.Dispose();
}
