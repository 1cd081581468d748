namespace Lepton.Monitor.Storage;

/// <summary>How an API answers a refused action.</summary>
public enum AlertRefusal
{
    /// <summary>400: the request itself is wrong (no disposition, snooze in the past).</summary>
    Invalid,
    /// <summary>403: this caller may not (approving one's own staged resolution).</summary>
    Forbidden,
    /// <summary>409: not in this state (approving when nothing is staged, acknowledging a resolved alert).</summary>
    Conflict,
}

/// <summary>Thrown by a lifecycle change to refuse it; the store answers <see cref="AlertChangeOutcome.Refused"/> and changes nothing.</summary>
public sealed class AlertActionException(AlertRefusal refusal, string message) : Exception(message)
{
    public AlertRefusal Refusal { get; } = refusal;
}
