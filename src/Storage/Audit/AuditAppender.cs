using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Appends several audit entries inside one write transaction (an alert group commit raises many alerts at once):
/// reads the chain's head once, reuses one prepared insert, and keeps the head in memory between entries — instead of
/// a head query, two statement preparations and two serializations per entry. Only the single writer uses it, inside
/// the transaction it was made for.
/// </summary>
internal sealed class AuditAppender : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _seq, _at, _actor, _tenant, _action, _target, _details, _prev, _hash;
    private long _lastSeq;
    private byte[] _previous = AuditHash.Genesis;

    public AuditAppender(SqliteConnection connection, SqliteTransaction transaction)
    {
        using (var last = connection.CreateCommand())
        {
            last.Transaction = transaction;
            last.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;";
            using var reader = last.ExecuteReader();
            if (reader.Read())
            {
                _lastSeq = reader.GetInt64(0);
                _previous = (byte[])reader.GetValue(1);
            }
        }
        _insert = connection.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = """
            INSERT INTO audit_log (seq, at, actor, tenant, action, target, details, prev_hash, hash)
            VALUES ($seq, $at, $actor, $tenant, $action, $target, $details, $prev, $hash);
            """;
        var p = _insert.Parameters;
        _seq = p.Add("$seq", SqliteType.Integer);
        _at = p.Add("$at", SqliteType.Integer);
        _actor = p.Add("$actor", SqliteType.Text);
        _tenant = p.Add("$tenant", SqliteType.Text);
        _action = p.Add("$action", SqliteType.Text);
        _target = p.Add("$target", SqliteType.Text);
        _details = p.Add("$details", SqliteType.Text);
        _prev = p.Add("$prev", SqliteType.Blob);
        _hash = p.Add("$hash", SqliteType.Blob);
    }

    public AuditEntry Append(AuditEvent entry, DateTimeOffset at)
    {
        var details = SqliteAuditLog.ValidatedDetails(entry);
        var seq = _lastSeq + 1;
        var ticks = StoredTime.ToTicks(at);
        var hash = AuditHash.Compute(_previous, seq, ticks, entry.Actor, entry.Tenant, entry.Action, entry.Target, details);
        _seq.Value = seq;
        _at.Value = ticks;
        _actor.Value = entry.Actor;
        _tenant.Value = (object?)entry.Tenant ?? DBNull.Value;
        _action.Value = entry.Action;
        _target.Value = entry.Target;
        _details.Value = details;
        _prev.Value = _previous;
        _hash.Value = hash;
        _insert.ExecuteNonQuery();
        var stored = new AuditEntry(seq, StoredTime.FromTicks(ticks), entry.Actor, entry.Tenant, entry.Action, entry.Target, details,
            Convert.ToHexStringLower(_previous), Convert.ToHexStringLower(hash));
        _lastSeq = seq;
        _previous = hash;
        return stored;
    }

    public void Dispose() => _insert.Dispose();
}
