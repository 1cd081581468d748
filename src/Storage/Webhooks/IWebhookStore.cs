namespace Lepton.Monitor.Storage;

/// <summary>
/// Webhook subscriptions and their durable deliveries. The dispatcher fans the alert change feed out into deliveries
/// and advances its cursor in one transaction (<see cref="FanOutAsync"/>); the sender takes due deliveries and records
/// each attempt (<see cref="RecordAsync"/>). A crash at any point loses no pending delivery and creates none twice.
/// </summary>
public interface IWebhookStore
{
    Task<WebhookSubscription> CreateAsync(NewWebhookSubscription subscription, CancellationToken ct = default);

    Task<WebhookSubscription?> GetAsync(string id, CancellationToken ct = default);

    /// <summary>Newest first; only <paramref name="tenant"/>'s when given.</summary>
    Task<Page<WebhookSubscription>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default);

    /// <summary>Deletes the subscription with its deliveries and their attempts; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken ct = default);

    /// <summary>Makes <paramref name="newSecret"/> current; the old one stays valid (and is signed with) until <paramref name="previousValidUntil"/>.</summary>
    Task<bool> RotateSecretAsync(string id, string newSecret, DateTimeOffset previousValidUntil, CancellationToken ct = default);

    /// <summary>Every enabled subscription, for the dispatcher.</summary>
    Task<IReadOnlyList<DispatchTarget>> ListEnabledAsync(CancellationToken ct = default);

    /// <summary>The dispatcher's cursor: the last change-feed seq fanned out.</summary>
    Task<long> DispatchedSeqAsync(CancellationToken ct = default);

    /// <summary>
    /// In one transaction: creates <paramref name="deliveries"/> (those of subscriptions still enabled; a change already
    /// fanned out to a subscription is not created again), applies <paramref name="groupChanges"/> to the grouped
    /// subscriptions' open groups, and moves the cursor from <paramref name="fromSeq"/> to <paramref name="toSeq"/>.
    /// False, changing nothing, when the cursor is no longer at <paramref name="fromSeq"/>.
    /// </summary>
    Task<bool> FanOutAsync(long fromSeq, long toSeq, IReadOnlyList<PlannedDelivery> deliveries, IReadOnlyList<GroupChange>? groupChanges = null,
        CancellationToken ct = default);

    /// <summary>Turns every group whose send is due into an <c>alert.group</c> delivery (one transaction); returns how many.</summary>
    Task<int> FlushGroupsAsync(CancellationToken ct = default);

    /// <summary>Pending deliveries of enabled subscriptions due at <paramref name="now"/>, the longest-waiting first.</summary>
    Task<IReadOnlyList<DueDelivery>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    /// <summary>
    /// Records one attempt and what comes next, and updates the endpoint's failing streak. With a
    /// <see cref="DeliveryResult.DisableReason"/> the subscription is disabled, audited (<c>subscription.disabled</c>) and
    /// an <c>endpoint.disabled</c> delivery is created for each of the tenant's other enabled subscriptions that asked for it,
    /// all in the same transaction. Returns false when the delivery no longer exists (deleted meanwhile).
    /// </summary>
    Task<bool> RecordAsync(DeliveryResult result, CancellationToken ct = default);

    /// <summary>A subscription's deliveries, newest first, each with its attempts; only those in <paramref name="state"/> when given.</summary>
    Task<Page<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, string? state, int pageSize, string? cursor, CancellationToken ct = default);

    /// <summary>Re-queues one delivery now, as a new round of attempts with the same webhook-id; false when it is not the subscription's.</summary>
    Task<bool> ReplayAsync(string subscriptionId, string deliveryId, CancellationToken ct = default);

    /// <summary>
    /// Re-queues every delivery of the subscription whose change happened in [<paramref name="since"/>, <paramref name="until"/>]
    /// and creates <paramref name="fromFeed"/> (the feed's matching changes of that range) where no delivery exists yet.
    /// Returns how many deliveries were queued.
    /// </summary>
    Task<int> ReplayRangeAsync(string subscriptionId, DateTimeOffset since, DateTimeOffset until, IReadOnlyList<PlannedDelivery> fromFeed, CancellationToken ct = default);

    /// <summary>Deliveries waiting for an attempt (the pending depth).</summary>
    Task<long> PendingCountAsync(CancellationToken ct = default);
}
