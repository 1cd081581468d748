namespace Lepton.Monitor.Storage;

/// <summary>A delivery as the delivery log lists it; <see cref="Id"/> is the <c>webhook-id</c> sent with every attempt.</summary>
public sealed record WebhookDelivery(
    string Id,
    string SubscriptionId,
    string Type,
    long? EventSeq,
    string? AlertId,
    string State,
    DateTimeOffset EventAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    IReadOnlyList<WebhookAttempt> Attempts);
