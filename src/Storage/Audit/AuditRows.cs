using System.Data.Common;

namespace Lepton.Monitor.Storage;

/// <summary>The <c>audit_log</c> columns every read selects, in this order, and how such a row becomes an <see cref="AuditEntry"/> (both backends).</summary>
internal static class AuditRows
{
    public const string Columns = "seq, at, actor, tenant, action, target, details, prev_hash, hash";

    public static AuditEntry Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        StoredTime.FromTicks(reader.GetInt64(1)),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        Convert.ToHexStringLower((byte[])reader.GetValue(7)),
        Convert.ToHexStringLower((byte[])reader.GetValue(8)));
}
