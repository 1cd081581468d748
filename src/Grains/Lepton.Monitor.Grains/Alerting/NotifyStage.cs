using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>Tells in-process listeners about persisted alerts. A failing listener is logged, never fails the batch.</summary>
public sealed class NotifyStage(IEnumerable<IAlertListener> listeners, ILogger<NotifyStage> logger) : IAlertStage
{
    private readonly IAlertListener[] _listeners = listeners.ToArray();

    public ValueTask<AlertStageResult> ExecuteAsync(AlertStageResult input, CancellationToken ct)
    {
        if (input.Created.Count + input.Updated.Count == 0)
            return ValueTask.FromResult(input);
        foreach (var listener in _listeners)
        {
            try { listener.OnAlerts(input.Created, input.Updated, input.Candidates); }
            catch (Exception e) { logger.LogError(e, "Alert listener {Listener} failed", listener.GetType().Name); }
        }
        return ValueTask.FromResult(input);
    }
}
