using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Lepton.Monitor.Storage;

/// <summary>
/// <c>/health/ready</c>'s degraded conditions as a metric (meter <c>Lepton.Monitor.Health</c>): gauge
/// <c>lepton.health.degraded</c>, per condition class, the number of conditions of that class raised now (absent
/// when none). Classes, not names: a name can carry a monitor key or a worker number (see <see cref="DegradedConditionClass"/>).
/// </summary>
public static class HealthTelemetry
{
    public const string Name = "Lepton.Monitor.Health";
    public static readonly Meter Meter = new(Name);

    // Every live ServiceHealth (one per process in the product; tests build several): weakly held, so none is kept alive.
    private static readonly ConditionalWeakTable<ServiceHealth, object?> Sources = new();

    public static readonly ObservableGauge<int> Degraded = Meter.CreateObservableGauge("lepton.health.degraded", Observe,
        unit: "{condition}", description: "Degraded conditions raised now (/health/ready), by condition class");

    internal static void Track(ServiceHealth health) => Sources.AddOrUpdate(health, null);

    private static IEnumerable<Measurement<int>> Observe()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (health, _) in Sources)
        {
            foreach (var condition in health.Conditions)
            {
                var cls = DegradedConditionClass.Of(condition.Name);
                counts[cls] = counts.GetValueOrDefault(cls) + 1;
            }
        }
        foreach (var (cls, count) in counts)
            yield return new Measurement<int>(count, new KeyValuePair<string, object?>("condition", cls));
    }
}
