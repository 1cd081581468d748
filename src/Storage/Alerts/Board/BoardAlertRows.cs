using System.Data.Common;

namespace Lepton.Monitor.Storage;

/// <summary>Reads one board row (the column list of both board readers, in their order) from either backend.</summary>
internal static class BoardAlertRows
{
    public static BoardAlertRow Read(DbDataReader r)
    {
        var id = r.GetString(0);
        var firstSeen = StoredTime.FromTicks(r.GetInt64(12));
        return new BoardAlertRow(
            Id: id,
            Version: r.GetInt64(1),
            Tenant: r.GetString(2),
            Jurisdiction: r.GetString(3),
            Kind: r.GetString(4),
            RuleId: r.GetString(5),
            RuleKind: r.GetString(6),
            Severity: r.GetString(7),
            Status: r.GetString(8),
            Disposition: r.IsDBNull(9) ? null : r.GetString(9),
            Entity: r.GetString(10),
            Count: checked((int)r.GetInt64(11)),
            RaisedAt: AlertIdTime.Of(id) ?? firstSeen,
            FirstSeen: firstSeen,
            LastSeen: StoredTime.FromTicks(r.GetInt64(13)),
            UpdatedAt: StoredTime.FromTicks(r.GetInt64(14)),
            Assignee: r.IsDBNull(15) ? null : r.GetString(15),
            Summary: r.IsDBNull(16) ? null : r.GetString(16),
            SnoozedUntil: r.IsDBNull(17) ? null : StoredTime.FromTicks(r.GetInt64(17)),
            PendingResolution: r.GetValue(18) is true or 1L); // SQLite answers 0/1, PostgreSQL a boolean
    }
}
