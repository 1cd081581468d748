using System.Data.Common;
using System.Globalization;
using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// What parking, listing and filtering accept, shared by <see cref="SqliteParkedRecordStore"/> and
/// <see cref="PostgresParkedRecordStore"/>: the same checks, messages, cursors and truncation on both.
/// </summary>
public static class ParkedRecordRules
{
    /// <summary>Longer reasons are cut: a reason explains a failure, it must not bloat the store.</summary>
    public const int MaxReasonChars = 2000;

    /// <summary>The columns an entry is read from, in <see cref="ReadEntry"/>'s order.</summary>
    public const string EntryColumns = "id, tenant, monitor_key, jurisdiction, record_id, reason, retryable, attempts, parked_at, next_attempt_at, last_error";

    /// <summary>The columns a replay is read from, in <see cref="ReadReplay"/>'s order.</summary>
    public const string ReplayColumns = "id, monitor_key, payload, retryable, attempts";

    /// <summary>An entry from a row of <see cref="EntryColumns"/> (either backend: retryable reads as a boolean from both).</summary>
    public static ParkedEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetBoolean(6),
        reader.GetInt32(7),
        StoredTime.FromTicks(reader.GetInt64(8)),
        StoredTime.FromTicks(reader.GetInt64(9)),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    /// <summary>A replay from a row of <see cref="ReplayColumns"/>, its payload decoded.</summary>
    public static ParkedReplay ReadReplay(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        RecordCodec.Decode((byte[])reader.GetValue(2)),
        reader.GetBoolean(3),
        reader.GetInt32(4));

    /// <summary>A record to park as its row holds it: monitor key split, payload encoded (<see cref="RecordCodec"/>).</summary>
    public readonly record struct Row(string Tenant, string Jurisdiction, byte[] Payload);

    /// <summary>Checks every record (throws <see cref="ArgumentException"/> naming the first bad one) and encodes them.</summary>
    public static Row[] Validate(IReadOnlyList<ParkedRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var rows = new Row[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i] ?? throw new ArgumentException($"records[{i}] is null", nameof(records));
            if (string.IsNullOrEmpty(r.Reason))
                throw new ArgumentException($"records[{i}].reason: required", nameof(records));
            var (tenant, jurisdiction) = MonitorKey.Parse(r.MonitorKey);
            if (!string.Equals(tenant, r.Record.Tenant, StringComparison.Ordinal))
                throw new ArgumentException($"records[{i}]: monitor '{r.MonitorKey}' is not the record's tenant's", nameof(records));
            rows[i] = new Row(tenant, jurisdiction, RecordCodec.Encode(r.Record));
        }
        return rows;
    }

    /// <summary>The id a list cursor continues below; null from the start. Throws <see cref="ArgumentException"/> on a bad cursor.</summary>
    public static long? DecodeCursor(string? cursor) =>
        Paging.DecodeCursor(cursor) is { } lastKey
            ? long.TryParse(lastKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new ArgumentException("cursor: not a parked-record cursor", nameof(cursor))
            : null;

    /// <summary>Throws <see cref="ArgumentException"/> when the filter names too many record ids.</summary>
    public static void ValidateFilter(ParkedRecordFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.RecordIds is { Count: > ParkedRecordFilter.MaxRecordIds })
            throw new ArgumentException($"recordIds: at most {ParkedRecordFilter.MaxRecordIds}", nameof(filter));
    }

    /// <summary>
    /// The filter as a WHERE clause over bound parameters, never spliced values (throws <see cref="ArgumentException"/>
    /// on too many record ids). <paramref name="bind"/> adds a parameter and returns how SQL names it;
    /// <paramref name="recordIdIn"/> writes "record_id is one of these" in the dialect (called only with ids).
    /// </summary>
    public static StringBuilder Where(ParkedRecordFilter filter, Func<string, object, string> bind, Func<IReadOnlyList<string>, string> recordIdIn)
    {
        ValidateFilter(filter);
        var where = new StringBuilder("1 = 1");
        if (filter.Tenant is not null)
            where.Append(" AND tenant = ").Append(bind("tenant", filter.Tenant));
        if (filter.Jurisdiction is not null)
            where.Append(" AND jurisdiction = ").Append(bind("jurisdiction", filter.Jurisdiction));
        if (filter.Retryable is { } retryable)
            where.Append(" AND retryable = ").Append(bind("retryable", retryable));
        if (filter.RecordIds is { } ids)
            where.Append(ids.Count == 0 ? " AND 0 = 1" : " AND " + recordIdIn(ids));
        return where;
    }

    public static string Truncate(string reason) =>
        reason.Length > MaxReasonChars ? string.Concat(reason.AsSpan(0, MaxReasonChars - 1), "…") : reason;

    /// <summary>One more attempt, never past <see cref="int.MaxValue"/>.</summary>
    public static int NextAttempt(long attempts) => (int)Math.Min(attempts + 1, int.MaxValue);
}
