using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>Something on this silo that wants every new or changed alert (live board, SSE, publishers, the bench).</summary>
public interface IAlertListener
{
    void OnAlerts(IReadOnlyList<Alert> created, IReadOnlyList<Alert> updated, IReadOnlyList<AlertCandidate> candidates);
}
