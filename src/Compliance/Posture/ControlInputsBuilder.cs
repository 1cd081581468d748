using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// Control inputs from a (tenant, jurisdiction)'s alerts: the oldest alert still open or acknowledged; of the alerts first
/// seen in the period (suppressed ones aside), the share not resolved within the SLA (resolved later than firstSeen + SLA,
/// by updatedAt, or still unresolved past it); drift and fairness alerts not yet resolved (open episodes).
/// </summary>
public static class ControlInputsBuilder
{
    public static readonly TimeSpan DefaultSla = TimeSpan.FromHours(72);

    public static ControlInputs From(IEnumerable<Alert> alerts, DateTimeOffset now, DateTimeOffset periodStart, TimeSpan sla, int modelsWithoutCurrentCard)
    {
        decimal oldestDays = 0;
        long inScope = 0, breached = 0;
        var episodes = 0;
        foreach (var a in alerts)
        {
            var resolved = a.Status == AlertStatus.Resolved;
            if (a.Status is AlertStatus.Open or AlertStatus.Acknowledged)
                oldestDays = Math.Max(oldestDays, Math.Round((decimal)(now - a.FirstSeen).TotalDays, 2, MidpointRounding.AwayFromZero));
            if (!resolved && a.Kind is AlertKind.Drift or AlertKind.Fairness)
                episodes++;
            if (a.FirstSeen >= periodStart && a.Status != AlertStatus.Suppressed)
            {
                inScope++;
                var handledAt = resolved ? a.UpdatedAt : now;
                if (handledAt - a.FirstSeen > sla)
                    breached++;
            }
        }
        var share = inScope == 0 ? 0m : Math.Round((decimal)breached / inScope, 4, MidpointRounding.AwayFromZero);
        return new ControlInputs(Math.Max(0, oldestDays), share, episodes, modelsWithoutCurrentCard);
    }
}
