using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// One step of alert handling (Alertmanager-style stages): each receives what the previous one let through.
/// </summary>
public interface IAlertStage
{
    ValueTask<AlertStageResult> ExecuteAsync(AlertStageResult input, CancellationToken ct);
}

/// <summary>What flows between stages: the candidates, and once persisted, the alerts created or changed.</summary>
public sealed record AlertStageResult(IReadOnlyList<AlertCandidate> Candidates, IReadOnlyList<Alert> Created, IReadOnlyList<Alert> Updated)
{
    public static AlertStageResult From(IReadOnlyList<AlertCandidate> candidates) => new(candidates, Array.Empty<Alert>(), Array.Empty<Alert>());
}
