using System.Text.Json;
using Lepton.Monitor.Contracts;
using Npgsql;

namespace Lepton.Monitor.Storage;

/// <summary><see cref="IAlertContextReader"/> on PostgreSQL: the queries of <see cref="SqliteAlertContext"/>, on the same indexes.</summary>
public sealed class PostgresAlertContext(NpgsqlDataSource dataSource) : IAlertContextReader
{
    public async Task<IReadOnlyList<AlertEvidence>> EvidenceAsync(string alertId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT alert_id, record_id, entity, event_time, payload::text FROM alert_evidence
            WHERE alert_id = @alertId ORDER BY event_time, record_id LIMIT @limit
            """);
        command.Parameters.Add(PostgresAlertUpsertRows.Text("alertId", alertId));
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("limit", AlertEvidence.MaxPerAlert));
        return await ReadEvidenceAsync(command, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AlertEvidence>> EntityEvidenceAsync(string tenant, string entity, int limit, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT alert_id, record_id, entity, event_time, payload::text FROM alert_evidence
            WHERE tenant = @tenant AND entity = @entity ORDER BY event_time DESC LIMIT @limit
            """);
        command.Parameters.Add(PostgresAlertUpsertRows.Text("tenant", tenant));
        command.Parameters.Add(PostgresAlertUpsertRows.Text("entity", entity));
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("limit", limit));
        return await ReadEvidenceAsync(command, ct).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Alert>> EntityAlertsAsync(string tenant, string entity, int limit, string? except = null, CancellationToken ct = default) =>
        AlertsAsync("a.tenant = @tenant AND a.entity = @key", tenant, entity, limit, except, ct);

    public Task<IReadOnlyList<Alert>> RuleAlertsAsync(string tenant, string ruleId, int limit, string? except = null, CancellationToken ct = default) =>
        AlertsAsync("a.tenant = @tenant AND a.rule_id = @key", tenant, ruleId, limit, except, ct);

    public async Task<(IReadOnlyDictionary<string, int> Counts, int Resolved)> DispositionsAsync(string tenant, string ruleId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT disposition, COUNT(*) FROM (
                SELECT status, disposition FROM alerts
                WHERE tenant = @tenant AND rule_id = @ruleId ORDER BY id DESC LIMIT @window) newest
            WHERE status = 'resolved' AND disposition IS NOT NULL
            GROUP BY disposition
            """);
        command.Parameters.Add(PostgresAlertUpsertRows.Text("tenant", tenant));
        command.Parameters.Add(PostgresAlertUpsertRows.Text("ruleId", ruleId));
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("window", IAlertContextReader.DispositionWindow));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            var n = checked((int)reader.GetInt64(1));
            counts[reader.GetString(0)] = n;
            total += n;
        }
        return (counts, total);
    }

    public async Task<IReadOnlyList<(string AlertId, DateTimeOffset At, string Actor, string Action)>> ResolutionsAsync(
        IReadOnlyCollection<string> alertIds, CancellationToken ct = default)
    {
        var found = new List<(string, DateTimeOffset, string, string)>();
        if (alertIds.Count == 0)
            return found;
        await using var command = dataSource.CreateCommand("""
            SELECT target, at, actor, action FROM audit_log
            WHERE target = ANY(@ids) AND action IN ('alert.resolved', 'alert.resolution-approved')
            """);
        command.Parameters.Add(PostgresAlertUpsertRows.TextArray("ids", alertIds));
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            found.Add((reader.GetString(0), StoredTime.FromTicks(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3)));
        return found;
    }

    private async Task<IReadOnlyList<Alert>> AlertsAsync(string where, string tenant, string key, int limit, string? except, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {AlertRows.Columns} FROM alerts a
            WHERE {where} AND a.id <> @except ORDER BY a.id DESC LIMIT @limit
            """);
        command.Parameters.Add(PostgresAlertUpsertRows.Text("tenant", tenant));
        command.Parameters.Add(PostgresAlertUpsertRows.Text("key", key));
        command.Parameters.Add(PostgresAlertUpsertRows.Text("except", except ?? ""));
        command.Parameters.Add(PostgresAlertUpsertRows.Bigint("limit", limit));
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            alerts.Add(AlertRows.Read(reader));
        return alerts;
    }

    private static async Task<IReadOnlyList<AlertEvidence>> ReadEvidenceAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var items = new List<AlertEvidence>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            using var payload = JsonDocument.Parse(reader.GetString(4));
            items.Add(new AlertEvidence(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                StoredTime.FromTicks(reader.GetInt64(3)), payload.RootElement.Clone()));
        }
        return items;
    }
}
