using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.Subscriptions;

/// <summary>A subscription as created (or its secret rotated): the only answers that carry the secret.</summary>
public sealed record SubscriptionWithSecret(
    string Id,
    string Tenant,
    string Url,
    WebhookFilter Filter,
    IReadOnlyList<string> Types,
    bool Enabled,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    string Secret,
    DateTimeOffset? PreviousSecretValidUntil,
    WebhookGrouping? Group)
{
    public static SubscriptionWithSecret Of(WebhookSubscription s, string secret, DateTimeOffset? previousValidUntil = null) =>
        new(s.Id, s.Tenant, s.Url, s.Filter, s.Types, s.Enabled, s.CreatedAt, s.CreatedBy, secret, previousValidUntil, s.Group);
}
