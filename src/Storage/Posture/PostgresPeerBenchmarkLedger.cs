using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary>
/// PostgreSQL <see cref="IPeerBenchmarkLedger"/>: a transaction-scoped advisory lock per day serialises the check and the
/// spend across every process of the cluster, so two silos cannot both spend the last of a day's budget.
/// </summary>
public sealed class PostgresPeerBenchmarkLedger(NpgsqlDataSource dataSource) : IPeerBenchmarkLedger
{
    public async Task<string?> GetReleaseAsync(string day, string releaseKey, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT document FROM peer_benchmark_releases WHERE day = @day AND release_key = @key");
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("key", releaseKey);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }

    public async Task<PrivacySpendResult> TryReleaseAsync(string day, string releaseKey, long epsilonMicros, long dailyBudgetMicros, string document, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockDay = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('lepton.privacy-budget:' || @day))", connection, transaction))
        {
            lockDay.Parameters.AddWithValue("day", day);
            await lockDay.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        string? stored;
        await using (var existing = new NpgsqlCommand("SELECT document FROM peer_benchmark_releases WHERE day = @day AND release_key = @key", connection, transaction))
        {
            existing.Parameters.AddWithValue("day", day);
            existing.Parameters.AddWithValue("key", releaseKey);
            stored = await existing.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }
        long total;
        await using (var spent = new NpgsqlCommand("SELECT COALESCE(SUM(epsilon_micros), 0)::bigint FROM peer_benchmark_releases WHERE day = @day", connection, transaction))
        {
            spent.Parameters.AddWithValue("day", day);
            total = (long)(await spent.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }
        if (stored is not null)
            return new PrivacySpendResult(false, true, stored, total);
        if (total + epsilonMicros > dailyBudgetMicros)
            return new PrivacySpendResult(false, false, null, total);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO peer_benchmark_releases (day, release_key, epsilon_micros, released_at, document) VALUES (@day, @key, @eps, @at, @document)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("day", day);
            insert.Parameters.AddWithValue("key", releaseKey);
            insert.Parameters.AddWithValue("eps", epsilonMicros);
            insert.Parameters.AddWithValue("at", StoredTime.ToTicks(at));
            insert.Parameters.AddWithValue("document", document);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new PrivacySpendResult(true, false, document, total + epsilonMicros);
    }

    public async Task<long> SpentMicrosAsync(string day, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT COALESCE(SUM(epsilon_micros), 0)::bigint FROM peer_benchmark_releases WHERE day = @day");
        command.Parameters.AddWithValue("day", day);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyDictionary<string, long>> RecordsByTenantSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT tenant, COUNT(*)::bigint FROM journal_keys WHERE written_at >= @since GROUP BY tenant");
        command.Parameters.AddWithValue("since", StoredTime.ToTicks(since));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }
}
