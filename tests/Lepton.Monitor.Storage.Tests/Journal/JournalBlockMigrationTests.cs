using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage.Tests;

/// <summary>Schema v1 kept one payload row per record; v2 stores blocks. Records accepted before the upgrade must still replay.</summary>
public sealed class JournalBlockMigrationTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Unprocessed_v1_payloads_replay_after_the_upgrade_and_seqs_continue()
    {
        CreateV1Journal(watermark: 1, ("tx-0", 1), ("tx-1", 2), ("tx-2", 3));

        using var db = _folder.Open();
        await using var journal = new SqliteRecordJournal(db);

        var replay = await journal.ReadUnprocessedAsync().ToListAsync();
        Assert.Equal([(2L, "tx-1"), (3L, "tx-2")], replay.Select(r => (r.Seq, r.Record.Id)));
        var next = await journal.AppendAsync([TestRecords.Minimal("tx-1"), TestRecords.Minimal("tx-3")]);
        Assert.Equal([JournalAppendResult.Duplicate, 4L], next.Sequences);

        await journal.MarkProcessedAsync([2, 3, 4]);
        Assert.Empty(await journal.ReadUnprocessedAsync().ToListAsync());
    }

    /// <summary>A v1 database as the previous release left it: keys, per-record payloads above the watermark.</summary>
    private void CreateV1Journal(long watermark, params (string Id, long Seq)[] records)
    {
        var path = Path.Combine(_folder.Path, LeptonDatabase.FileName);
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            LeptonDatabase.Execute(connection, "PRAGMA journal_mode=WAL;");
            LeptonDatabase.Execute(connection, """
                CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_migrations VALUES (1, 'v1', '2026-01-01T00:00:00Z');
                """);
            LeptonDatabase.Execute(connection, SchemaMigrations.All[0].Sql);
            foreach (var (id, seq) in records)
            {
                using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO journal_keys (seq, tenant, record_id, written_at) VALUES ($seq, 'acme', $id, 1);
                    INSERT INTO journal_payloads (seq, payload) SELECT $seq, $payload WHERE $seq > $watermark;
                    """;
                insert.Parameters.AddWithValue("$seq", seq);
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$payload", RecordCodec.Encode(TestRecords.Minimal(id)));
                insert.Parameters.AddWithValue("$watermark", watermark);
                insert.ExecuteNonQuery();
            }
            LeptonDatabase.Execute(connection, $"UPDATE journal_state SET value = {watermark} WHERE name = 'processed_watermark';");
        }
        SqliteConnection.ClearAllPools();
    }
}
