namespace Lepton.Monitor.Storage;

/// <summary>
/// A delivery to create: one event for one subscription. <see cref="EventSeq"/> is the change-feed seq (null for
/// events of the webhooks themselves), <see cref="EventAt"/> the change's commit time, <see cref="Body"/> the exact payload.
/// </summary>
public sealed record PlannedDelivery(string SubscriptionId, string Tenant, long? EventSeq, string? AlertId, string Type, DateTimeOffset EventAt, string Body);
