using System.Collections.Concurrent;

namespace Lepton.Monitor.Dashboard.Monitoring;

/// <summary>
/// In-process time series for the monitoring views: counts (records evaluated, alerts raised) and scoring latencies per
/// (tenant, jurisdiction) go in as they happen; <see cref="Sample"/>, called every sample interval, turns what happened
/// since the previous call into one point per scope, kept in a bounded ring (retention / interval points). Nothing is
/// persisted: after a restart the charts start again.
/// </summary>
public sealed class MonitoringRecorder(TimeProvider clock, int capacity)
{
    private readonly ConcurrentDictionary<(string Tenant, string Jurisdiction), MonitoringScope> _scopes = new();
    private DateTimeOffset _lastSample = clock.GetUtcNow();

    public int Capacity => capacity;

    public void AddRecords(string tenant, string jurisdiction, long count) => Scope(tenant, jurisdiction).AddRecords(count);

    public void AddAlerts(string tenant, string jurisdiction, long count) => Scope(tenant, jurisdiction).AddAlerts(count);

    public void AddScoringLatency(string tenant, string jurisdiction, double milliseconds) => Scope(tenant, jurisdiction).AddLatency(milliseconds);

    /// <summary>One point per known scope for the interval since the previous sample (none if no time passed).</summary>
    public void Sample()
    {
        var now = clock.GetUtcNow();
        var seconds = (now - _lastSample).TotalSeconds;
        if (seconds <= 0)
            return;
        foreach (var scope in _scopes.Values)
            scope.Sample(now, seconds);
        _lastSample = now;
    }

    /// <summary>The series of one (tenant, jurisdiction); empty when it has not processed anything since the start.</summary>
    public MonitoringSeries Read(string tenant, string jurisdiction) =>
        _scopes.TryGetValue((tenant, jurisdiction), out var scope)
            ? MonitoringSeries.From(scope.Samples(), scope.Records, scope.Alerts)
            : MonitoringSeries.Empty;

    private MonitoringScope Scope(string tenant, string jurisdiction) =>
        _scopes.GetOrAdd((tenant, jurisdiction), static (_, c) => new MonitoringScope(c), capacity);
}
