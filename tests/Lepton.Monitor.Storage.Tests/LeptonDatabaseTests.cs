using System.Globalization;

namespace Lepton.Monitor.Storage.Tests;

public sealed class LeptonDatabaseTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_creates_lepton_db_in_wal_mode_with_the_schema()
    {
        using var db = _folder.Open();

        Assert.Equal(Path.Combine(_folder.Path, "lepton.db"), db.DatabasePath);
        Assert.True(File.Exists(db.DatabasePath));
        Assert.Equal(SchemaMigrations.Latest, db.SchemaVersion);
        using var connection = db.OpenReadConnection();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'alert_records';"));
    }

    [Fact]
    public void Reopening_applies_no_migration_twice()
    {
        _folder.Open().Dispose();
        _folder.Open().Dispose();

        using var db = _folder.Open();
        using var connection = db.OpenReadConnection();
        Assert.Equal((long)SchemaMigrations.All.Count, Scalar(connection, "SELECT COUNT(*) FROM schema_migrations;"));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_not_downgraded()
    {
        using (var db = _folder.Open())
            await db.WriteAsync((c, t) => LeptonDatabase.Execute(c, "INSERT INTO schema_migrations VALUES (999, 'future', 'now');", t));

        var error = Assert.Throws<StoreOpenException>(() => _folder.Open());
        Assert.Contains("999", error.Message);
    }

    [Fact]
    public void A_second_open_of_the_same_folder_is_refused_until_the_first_closes()
    {
        var first = _folder.Open();

        Assert.Throws<StoreOpenException>(() => _folder.Open());
        first.Dispose();
        _folder.Open().Dispose();
    }

    [Fact]
    public void An_empty_database_file_is_refused_and_left_as_it_is_unless_a_new_store_is_asked_for()
    {
        var path = System.IO.Path.Combine(_folder.Path, LeptonDatabase.FileName);
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<StoreOpenException>(() => _folder.Open());

        Assert.Contains(path, error.Message);
        Assert.Contains("empty file (0 bytes)", error.Message);
        Assert.Contains("Lepton:Store:CreateIfEmpty", error.Message);
        Assert.Equal(0, new FileInfo(path).Length);
        using var created = LeptonDatabase.Open(_folder.Path, createIfEmpty: true); // the refusal released the folder
        Assert.Equal(SchemaMigrations.Latest, created.SchemaVersion);
    }

    [Fact]
    public void A_corrupt_database_file_is_refused_with_a_message_naming_it_and_the_folder_is_released()
    {
        var path = System.IO.Path.Combine(_folder.Path, LeptonDatabase.FileName);
        var bytes = new byte[16 * 1024];
        new Random(3).NextBytes(bytes);
        "SQLite format 3\0"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<StoreOpenException>(() => _folder.Open());

        Assert.Contains(path, error.Message);
        Assert.Contains("cannot be used", error.Message);
        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(error.InnerException);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        File.Delete(path);
        _folder.Open().Dispose(); // the lock was released with the refusal
    }

    [Fact]
    public void Read_connections_cannot_write()
    {
        using var db = _folder.Open();
        using var connection = db.OpenReadConnection();

        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => LeptonDatabase.Execute(connection, "DELETE FROM tenants;"));
    }

    [Fact]
    public async Task Concurrent_writers_are_serialized_without_losing_updates()
    {
        using var db = _folder.Open();
        await db.WriteAsync((c, t) => LeptonDatabase.Execute(c, "CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0);", t));

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => db.WriteAsync((c, t) =>
        {
            // Read-modify-write in C#: only correct if writers never overlap.
            var n = Convert.ToInt64(LeptonDatabase.ExecuteScalar(c, "SELECT n FROM counter;", t), CultureInfo.InvariantCulture);
            LeptonDatabase.Execute(c, $"UPDATE counter SET n = {n + 1};", t);
        }))));

        using var connection = db.OpenReadConnection();
        Assert.Equal(40L, Scalar(connection, "SELECT n FROM counter;"));
    }

    [Fact]
    public async Task A_failed_write_rolls_back()
    {
        using var db = _folder.Open();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.WriteAsync((c, t) =>
        {
            LeptonDatabase.Execute(c, "INSERT INTO tenants (id, name, jurisdictions, overrides, created_at, updated_at) VALUES ('acme', 'Acme', '[]', NULL, 0, 0);", t);
            throw new InvalidOperationException("boom");
        }));

        using var connection = db.OpenReadConnection();
        Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM tenants;"));
    }

    private static object? Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, string sql) => LeptonDatabase.ExecuteScalar(connection, sql);
}
