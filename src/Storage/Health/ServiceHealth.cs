using System.Collections.Concurrent;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Named conditions under which the process still runs but does not keep every promise at full pace (a background
/// worker restarting, records parked and retrying, an outbox event poisoned). Components raise and clear their own
/// condition; <c>/health/ready</c> answers "degraded" with the reasons while any is raised. One per process (singleton).
/// </summary>
public sealed class ServiceHealth
{
    private readonly ConcurrentDictionary<string, DegradedCondition> _conditions = new(StringComparer.Ordinal);

    public ServiceHealth() => HealthTelemetry.Track(this);

    /// <summary>Raises (or updates) the condition <paramref name="name"/> with a reason an operator can act on.</summary>
    public void Degrade(string name, string reason) =>
        _conditions[name] = new DegradedCondition(name, reason, DateTimeOffset.UtcNow);

    /// <summary>Clears the condition <paramref name="name"/> (a no-op when it is not raised).</summary>
    public void Recover(string name) => _conditions.TryRemove(name, out _);

    public bool IsDegraded => !_conditions.IsEmpty;

    /// <summary>The raised conditions, by name.</summary>
    public IReadOnlyList<DegradedCondition> Conditions => [.. _conditions.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];
}

/// <summary>One reason the process is degraded, and since when.</summary>
public sealed record DegradedCondition(string Name, string Reason, DateTimeOffset Since);
