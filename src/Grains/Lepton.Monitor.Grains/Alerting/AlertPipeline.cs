using System.Diagnostics;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>Runs alert candidates through the configured stages in order: dedup+persist → notify (later: mute, audit, publish).</summary>
public sealed class AlertPipeline(IEnumerable<IAlertStage> stages)
{
    private readonly IAlertStage[] _stages = stages.ToArray();

    public async ValueTask<AlertStageResult> HandleAsync(IReadOnlyList<AlertCandidate> candidates, CancellationToken ct = default)
    {
        var result = AlertStageResult.From(candidates);
        foreach (var stage in _stages)
        {
            using var activity = MonitorTelemetry.Source.StartActivity("alerts." + stage.GetType().Name);
            result = await stage.ExecuteAsync(result, ct);
        }
        return result;
    }
}
