namespace Lepton.Monitor.Storage;

/// <summary>What became of a delivery after one attempt.</summary>
public enum DeliveryNext
{
    /// <summary>2xx: done.</summary>
    Delivered,

    /// <summary>Failed; try again at <see cref="DeliveryResult.NextAttemptAt"/>.</summary>
    Retry,

    /// <summary>Failed for good (last attempt, or a permanent refusal): kept as dead, replayable.</summary>
    Dead,
}

/// <summary>
/// One attempt's record for the store: the attempt, what comes next, and — when the endpoint is to be disabled (410,
/// failing for too long) — why; the store then disables it, audits that and tells the tenant's other subscriptions.
/// </summary>
public sealed record DeliveryResult(
    string DeliveryId,
    string SubscriptionId,
    WebhookAttempt Attempt,
    DeliveryNext Next,
    DateTimeOffset? NextAttemptAt = null,
    string? DisableReason = null);
