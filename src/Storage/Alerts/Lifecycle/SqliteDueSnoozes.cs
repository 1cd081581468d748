namespace Lepton.Monitor.Storage;

/// <summary>Snoozed alerts whose time has come, read through the partial index <c>ix_alerts_snoozed</c>.</summary>
public sealed class SqliteDueSnoozes(LeptonDatabase db) : IDueSnoozes
{
    public Task<IReadOnlyList<string>> ListAsync(DateTimeOffset now, int max, CancellationToken ct = default) => Task.FromResult(List(now, max));

    /// <summary>Ids of snoozed alerts with <c>snoozedUntil &lt;= now</c>, the longest overdue first.</summary>
    public IReadOnlyList<string> List(DateTimeOffset now, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id FROM alerts
            WHERE status = 'snoozed' AND snoozed_until <= $now
            ORDER BY snoozed_until
            LIMIT $max;
            """;
        command.Parameters.AddWithValue("$now", StoredTime.ToTicks(now));
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.GetString(0));
        return ids;
    }
}
