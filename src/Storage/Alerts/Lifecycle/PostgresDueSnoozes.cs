using Npgsql;
using NpgsqlTypes;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IDueSnoozes"/> on PostgreSQL, through the partial index <c>ix_alerts_snoozed</c>. Several api processes
/// may list the same ids: the reopening change re-checks that each alert is still snoozed and due, so only one wins.
/// </summary>
public sealed class PostgresDueSnoozes(NpgsqlDataSource dataSource) : IDueSnoozes
{
    public async Task<IReadOnlyList<string>> ListAsync(DateTimeOffset now, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = dataSource.CreateCommand("""
            SELECT id FROM alerts
            WHERE status = 'snoozed' AND snoozed_until <= @now
            ORDER BY snoozed_until
            LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<long>("now", NpgsqlDbType.Bigint) { TypedValue = StoredTime.ToTicks(now) });
        command.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = max });
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var ids = new List<string>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            ids.Add(reader.GetString(0));
        return ids;
    }
}
