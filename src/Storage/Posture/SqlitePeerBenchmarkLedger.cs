namespace Lepton.Monitor.Storage;

/// <summary>SQLite <see cref="IPeerBenchmarkLedger"/> (migration 13): the check and the spend run in one write transaction.</summary>
public sealed class SqlitePeerBenchmarkLedger(LeptonDatabase db) : IPeerBenchmarkLedger
{
    public Task<string?> GetReleaseAsync(string day, string releaseKey, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM peer_benchmark_releases WHERE day = $day AND release_key = $key;";
        command.Parameters.AddWithValue("$day", day);
        command.Parameters.AddWithValue("$key", releaseKey);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task<PrivacySpendResult> TryReleaseAsync(string day, string releaseKey, long epsilonMicros, long dailyBudgetMicros, string document, DateTimeOffset at, CancellationToken ct = default) =>
        db.WriteAsync((connection, transaction) =>
        {
            using var existing = connection.CreateCommand();
            existing.Transaction = transaction;
            existing.CommandText = "SELECT document FROM peer_benchmark_releases WHERE day = $day AND release_key = $key;";
            existing.Parameters.AddWithValue("$day", day);
            existing.Parameters.AddWithValue("$key", releaseKey);
            var stored = existing.ExecuteScalar() as string;

            using var spent = connection.CreateCommand();
            spent.Transaction = transaction;
            spent.CommandText = "SELECT COALESCE(SUM(epsilon_micros), 0) FROM peer_benchmark_releases WHERE day = $day;";
            spent.Parameters.AddWithValue("$day", day);
            var total = Convert.ToInt64(spent.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (stored is not null)
                return new PrivacySpendResult(false, true, stored, total);
            if (total + epsilonMicros > dailyBudgetMicros)
                return new PrivacySpendResult(false, false, null, total);

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO peer_benchmark_releases (day, release_key, epsilon_micros, released_at, document) VALUES ($day, $key, $eps, $at, $document);
                """;
            insert.Parameters.AddWithValue("$day", day);
            insert.Parameters.AddWithValue("$key", releaseKey);
            insert.Parameters.AddWithValue("$eps", epsilonMicros);
            insert.Parameters.AddWithValue("$at", StoredTime.ToTicks(at));
            insert.Parameters.AddWithValue("$document", document);
            insert.ExecuteNonQuery();
            return new PrivacySpendResult(true, false, document, total + epsilonMicros);
        }, ct);

    public Task<long> SpentMicrosAsync(string day, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(epsilon_micros), 0) FROM peer_benchmark_releases WHERE day = $day;";
        command.Parameters.AddWithValue("$day", day);
        return Task.FromResult(Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<IReadOnlyDictionary<string, long>> RecordsByTenantSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT tenant, COUNT(*) FROM journal_keys WHERE written_at >= $since GROUP BY tenant;";
        command.Parameters.AddWithValue("$since", StoredTime.ToTicks(since));
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return Task.FromResult<IReadOnlyDictionary<string, long>>(counts);
    }
}
