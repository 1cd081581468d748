namespace Lepton.Monitor.Storage;

/// <summary>
/// A pending delivery whose next attempt is due, with what sending it needs: where, the exact body, the secrets, and
/// how many attempts this round already made (<see cref="RoundAttempts"/>; a replay starts a new round).
/// </summary>
public sealed record DueDelivery(
    string Id,
    string SubscriptionId,
    string Tenant,
    string Url,
    string Type,
    DateTimeOffset EventAt,
    string Body,
    int RoundAttempts,
    WebhookSigningSecrets Secrets,
    DateTimeOffset? FailingSince);
