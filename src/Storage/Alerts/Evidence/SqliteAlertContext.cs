using System.Text.Json;
using Lepton.Monitor.Contracts;
using Microsoft.Data.Sqlite;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <see cref="IAlertContextReader"/> on the embedded store (indexes of migration 10 and <c>ix_audit_log_target</c>).
/// SQLite reads are local and short, so they run synchronously. Stateless: cheap to create per request.
/// </summary>
public sealed class SqliteAlertContext(LeptonDatabase db) : IAlertContextReader
{
    /// <summary>How many of a rule's newest alerts the disposition breakdown looks at.</summary>
    public const int DispositionWindow = IAlertContextReader.DispositionWindow;

    public Task<IReadOnlyList<AlertEvidence>> EvidenceAsync(string alertId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AlertEvidence>>(Evidence(alertId));

    public Task<IReadOnlyList<AlertEvidence>> EntityEvidenceAsync(string tenant, string entity, int limit, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AlertEvidence>>(EntityEvidence(tenant, entity, limit));

    public Task<IReadOnlyList<Alert>> EntityAlertsAsync(string tenant, string entity, int limit, string? except = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Alert>>(EntityAlerts(tenant, entity, limit, except));

    public Task<IReadOnlyList<Alert>> RuleAlertsAsync(string tenant, string ruleId, int limit, string? except = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Alert>>(RuleAlerts(tenant, ruleId, limit, except));

    public Task<(IReadOnlyDictionary<string, int> Counts, int Resolved)> DispositionsAsync(string tenant, string ruleId, CancellationToken ct = default) =>
        Task.FromResult(Dispositions(tenant, ruleId));

    public Task<IReadOnlyList<(string AlertId, DateTimeOffset At, string Actor, string Action)>> ResolutionsAsync(
        IReadOnlyCollection<string> alertIds, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<(string AlertId, DateTimeOffset At, string Actor, string Action)>>(Resolutions(alertIds));

    private List<AlertEvidence> Evidence(string alertId)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT alert_id, record_id, entity, event_time, payload FROM alert_evidence
            WHERE alert_id = $alertId ORDER BY event_time, record_id LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$alertId", alertId);
        command.Parameters.AddWithValue("$limit", AlertEvidence.MaxPerAlert);
        return ReadEvidence(command);
    }

    private List<AlertEvidence> EntityEvidence(string tenant, string entity, int limit)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT alert_id, record_id, entity, event_time, payload FROM alert_evidence
            WHERE tenant = $tenant AND entity = $entity ORDER BY event_time DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$entity", entity);
        command.Parameters.AddWithValue("$limit", limit);
        return ReadEvidence(command);
    }

    private List<Alert> EntityAlerts(string tenant, string entity, int limit, string? except = null) =>
        Alerts("a.tenant = $tenant AND a.entity = $key", tenant, entity, limit, except);

    private List<Alert> RuleAlerts(string tenant, string ruleId, int limit, string? except = null) =>
        Alerts("a.tenant = $tenant AND a.rule_id = $key", tenant, ruleId, limit, except);

    private (IReadOnlyDictionary<string, int> Counts, int Resolved) Dispositions(string tenant, string ruleId)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT disposition, COUNT(*) FROM (
                SELECT status, disposition FROM alerts
                WHERE tenant = $tenant AND rule_id = $ruleId ORDER BY id DESC LIMIT $window)
            WHERE status = 'resolved' AND disposition IS NOT NULL
            GROUP BY disposition;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$ruleId", ruleId);
        command.Parameters.AddWithValue("$window", DispositionWindow);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var n = reader.GetInt32(1);
            counts[reader.GetString(0)] = n;
            total += n;
        }
        return (counts, total);
    }

    private List<(string AlertId, DateTimeOffset At, string Actor, string Action)> Resolutions(IReadOnlyCollection<string> alertIds)
    {
        var found = new List<(string, DateTimeOffset, string, string)>();
        if (alertIds.Count == 0)
            return found;
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        var names = new List<string>(alertIds.Count);
        foreach (var id in alertIds)
        {
            var name = "$a" + names.Count;
            names.Add(name);
            command.Parameters.AddWithValue(name, id);
        }
        command.CommandText = $"""
            SELECT target, at, actor, action FROM audit_log
            WHERE target IN ({string.Join(", ", names)}) AND action IN ('alert.resolved', 'alert.resolution-approved');
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
            found.Add((reader.GetString(0), StoredTime.FromTicks(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3)));
        return found;
    }

    private List<Alert> Alerts(string where, string tenant, string key, int limit, string? except)
    {
        using var connection = db.OpenReadConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {AlertRows.Columns} FROM alerts a
            WHERE {where} AND a.id <> $except ORDER BY a.id DESC LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$except", except ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return AlertRows.ReadAll(command);
    }

    private static List<AlertEvidence> ReadEvidence(SqliteCommand command)
    {
        var items = new List<AlertEvidence>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            using var payload = JsonDocument.Parse(reader.GetString(4));
            items.Add(new AlertEvidence(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                StoredTime.FromTicks(reader.GetInt64(3)), payload.RootElement.Clone()));
        }
        return items;
    }
}
