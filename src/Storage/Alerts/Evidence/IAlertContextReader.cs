using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Read-only queries around one alert or entity for the detail and entity views: evidence records, alerts of the same
/// entity or rule, how the rule's resolved alerts were disposed, and when alerts were resolved. Every query is bounded
/// and runs on an index; tenant scoping is the caller's: pass the tenant.
/// </summary>
public interface IAlertContextReader
{
    /// <summary>How many of a rule's newest alerts the disposition breakdown looks at.</summary>
    const int DispositionWindow = 2_000;

    /// <summary>An alert's evidence records, oldest event first (at most <see cref="AlertEvidence.MaxPerAlert"/>).</summary>
    Task<IReadOnlyList<AlertEvidence>> EvidenceAsync(string alertId, CancellationToken ct = default);

    /// <summary>The entity's evidence records within a tenant, newest event first; a record several alerts share is listed once per alert.</summary>
    Task<IReadOnlyList<AlertEvidence>> EntityEvidenceAsync(string tenant, string entity, int limit, CancellationToken ct = default);

    /// <summary>The entity's alerts within a tenant, newest first.</summary>
    Task<IReadOnlyList<Alert>> EntityAlertsAsync(string tenant, string entity, int limit, string? except = null, CancellationToken ct = default);

    /// <summary>Alerts of the same rule within a tenant, newest first.</summary>
    Task<IReadOnlyList<Alert>> RuleAlertsAsync(string tenant, string ruleId, int limit, string? except = null, CancellationToken ct = default);

    /// <summary>
    /// How the resolved ones among the rule's newest <see cref="DispositionWindow"/> alerts were disposed
    /// (disposition → count), and how many resolved alerts that is.
    /// </summary>
    Task<(IReadOnlyDictionary<string, int> Counts, int Resolved)> DispositionsAsync(string tenant, string ruleId, CancellationToken ct = default);

    /// <summary>Resolutions (direct, or a four-eyes approval) of the given alerts: who resolved which, when.</summary>
    Task<IReadOnlyList<(string AlertId, DateTimeOffset At, string Actor, string Action)>> ResolutionsAsync(
        IReadOnlyCollection<string> alertIds, CancellationToken ct = default);
}
