using Lepton.Monitor.Storage;
using Lepton.Monitor.Storage.Postgres;
using Lepton.Monitor.Tests.Support;
using Npgsql;

namespace Lepton.Monitor.Compliance.Tests.Posture;

/// <summary>
/// The PostgreSQL posture store and privacy-budget ledger (migration 6) on a real server: audited documents, snapshots,
/// and a day's budget that two concurrent releases cannot both overspend.
/// </summary>
[Collection(PosturePostgresCollection.Name)]
public sealed class PostgresPostureStoreTests(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        var db = await server.CreateDatabaseAsync($"posture_{Guid.NewGuid().ToString("N")[..10]}");
        await PostgresMigrator.MigrateAsync(db);
        _dataSource = NpgsqlDataSource.Create(db);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Documents_are_audited_and_snapshots_listed_newest_first_per_tenant()
    {
        var store = new PostgresPostureStore(_dataSource);
        await store.PutDocumentAsync("acme", "weights", "", "{\"v\":1}", new AuditEvent("key-1", "acme", "posture.weights.set", "posture/acme", "{\"v\":1}"));
        await store.PutDocumentAsync("acme", "weights", "", "{\"v\":2}", new AuditEvent("key-1", "acme", "posture.weights.set", "posture/acme", "{\"v\":2}"));
        await store.PutDocumentAsync("acme", "override", "po-2", "{\"o\":2}", new AuditEvent("key-1", "acme", "posture.override.created", "posture/acme/US"));
        await store.PutDocumentAsync("acme", "override", "po-1", "{\"o\":1}", new AuditEvent("key-1", "acme", "posture.override.created", "posture/acme/US"));

        Assert.Equal("{\"v\":2}", await store.GetDocumentAsync("acme", "weights", ""));
        Assert.Null(await store.GetDocumentAsync("other", "weights", ""));
        Assert.Equal(["po-1", "po-2"], (await store.ListDocumentsAsync("acme", "override")).Select(d => d.Key));
        var audit = new PostgresAuditLog(_dataSource);
        Assert.Equal(4, (await audit.ListAsync("acme", 10, null)).Items.Count);
        Assert.True((await audit.VerifyAsync()).Valid);

        var at = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        await store.AppendSnapshotAsync("acme", "US", at, "medium", "{\"n\":1}");
        await store.AppendSnapshotAsync("acme", "EU", at.AddMinutes(1), "high", "{\"n\":2}");
        await store.AppendSnapshotAsync("acme", "US", at.AddMinutes(2), "substantial", "{\"n\":3}");
        await store.AppendSnapshotAsync("other", "US", at, "low", "{\"n\":4}");
        Assert.Equal(["substantial", "medium"], (await store.ListSnapshotsAsync("acme", "US", 10)).Select(s => s.FinalClass));
        Assert.Equal(["{\"n\":3}", "{\"n\":2}"], (await store.ListSnapshotsAsync("acme", null, 2)).Select(s => s.Document));
        Assert.Equal(at.AddMinutes(2), (await store.ListSnapshotsAsync("acme", "US", 1))[0].At);
    }

    [Fact]
    public async Task Concurrent_releases_never_overspend_the_day()
    {
        var ledger = new PostgresPeerBenchmarkLedger(_dataSource);
        // Ten kinds at once, each 0.4 of a 1.0 budget: exactly two may be released.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            ledger.TryReleaseAsync("2026-12-04", $"kind-{i}", 400_000, 1_000_000, $"{{\"k\":{i}}}", DateTimeOffset.UnixEpoch)));

        Assert.Equal(2, outcomes.Count(o => o.Released));
        Assert.Equal(8, outcomes.Count(o => o.Document is null));
        Assert.Equal(800_000, await ledger.SpentMicrosAsync("2026-12-04"));
        var released = outcomes.First(o => o.Released);
        var reused = await ledger.TryReleaseAsync("2026-12-04", JsonKey(released.Document!), 400_000, 1_000_000, "{}", DateTimeOffset.UnixEpoch);
        Assert.True(reused.Reused);
        Assert.Equal(released.Document, reused.Document);
        Assert.Empty(await ledger.RecordsByTenantSinceAsync(DateTimeOffset.UnixEpoch));
    }

    private static string JsonKey(string document) => $"kind-{System.Text.Json.JsonDocument.Parse(document).RootElement.GetProperty("k").GetInt32()}";
}
