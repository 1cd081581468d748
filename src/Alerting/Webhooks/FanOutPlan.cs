using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>What a batch of the change feed makes: deliveries to send, and changes to grouped subscriptions' open groups.</summary>
public sealed record FanOutPlan(IReadOnlyList<PlannedDelivery> Deliveries, IReadOnlyList<GroupChange> GroupChanges);
