using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

public enum AlertChangeOutcome
{
    /// <summary>Stored with a new version; <see cref="AlertChangeResult.Alert"/> is the alert as changed.</summary>
    Changed,
    /// <summary>The change asked for nothing new; the alert is returned as it is.</summary>
    Unchanged,
    NotFound,
    /// <summary>The caller's version is stale; <see cref="AlertChangeResult.Alert"/> is the current alert.</summary>
    Conflict,
    /// <summary>The lifecycle refused it (<see cref="AlertChangeResult.Refusal"/> says why); the alert is the current one.</summary>
    Refused,
}

public sealed record AlertChangeResult(AlertChangeOutcome Outcome, Alert? Alert, AlertActionException? Refusal = null);
