using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Grain state rows in the embedded store, with optimistic concurrency: the etag is a per-row counter and a write
/// must name the etag it read (null for a row it believes absent). Serialization is the caller's (Orleans') business.
/// </summary>
public sealed class SqliteGrainStateStore(LeptonDatabase db, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public StoredGrainState? Read(string stateName, string grainId)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload, etag FROM grain_state WHERE state_name = $n AND grain_id = $g;";
        command.Parameters.AddWithValue("$n", stateName);
        command.Parameters.AddWithValue("$g", grainId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        return new StoredGrainState((byte[])reader.GetValue(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes <paramref name="payload"/> if the stored etag still equals <paramref name="expectedETag"/>; returns the new etag.</summary>
    /// <exception cref="GrainStateConflictException">The row changed (or appeared, or vanished) since it was read.</exception>
    public Task<string> WriteAsync(string stateName, string grainId, string? expectedETag, byte[] payload, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return db.WriteAsync((connection, transaction) =>
        {
            var current = CurrentETag(connection, transaction, stateName, grainId);
            if (!string.Equals(current, expectedETag, StringComparison.Ordinal))
                throw new GrainStateConflictException(stateName, grainId, expectedETag, current);
            var next = (current is null ? 0 : long.Parse(current, CultureInfo.InvariantCulture)) + 1;
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO grain_state (state_name, grain_id, etag, payload, updated_at) VALUES ($n, $g, $e, $p, $at)
                ON CONFLICT (state_name, grain_id) DO UPDATE SET etag = excluded.etag, payload = excluded.payload, updated_at = excluded.updated_at;
                """;
            command.Parameters.AddWithValue("$n", stateName);
            command.Parameters.AddWithValue("$g", grainId);
            command.Parameters.AddWithValue("$e", next);
            command.Parameters.AddWithValue("$p", payload);
            command.Parameters.AddWithValue("$at", StoredTime.ToTicks(_time.GetUtcNow()));
            command.ExecuteNonQuery();
            return next.ToString(CultureInfo.InvariantCulture);
        }, ct);
    }

    /// <summary>Deletes the row if its etag is still <paramref name="expectedETag"/>.</summary>
    /// <exception cref="GrainStateConflictException">The row changed since it was read.</exception>
    public Task ClearAsync(string stateName, string grainId, string? expectedETag, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            var current = CurrentETag(connection, transaction, stateName, grainId);
            if (current is not null && !string.Equals(current, expectedETag, StringComparison.Ordinal))
                throw new GrainStateConflictException(stateName, grainId, expectedETag, current);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM grain_state WHERE state_name = $n AND grain_id = $g;";
            command.Parameters.AddWithValue("$n", stateName);
            command.Parameters.AddWithValue("$g", grainId);
            command.ExecuteNonQuery();
        }, ct);

    private static string? CurrentETag(SqliteConnection connection, SqliteTransaction transaction, string stateName, string grainId)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT etag FROM grain_state WHERE state_name = $n AND grain_id = $g;";
        command.Parameters.AddWithValue("$n", stateName);
        command.Parameters.AddWithValue("$g", grainId);
        return command.ExecuteScalar() is long etag ? etag.ToString(CultureInfo.InvariantCulture) : null;
    }
}
