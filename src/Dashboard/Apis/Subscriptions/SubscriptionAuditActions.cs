namespace Lepton.Monitor.Dashboard.Apis.Subscriptions;

/// <summary>Audit action names of webhook subscriptions (<c>subscription.disabled</c> is written by the sender's store).</summary>
public static class SubscriptionAuditActions
{
    public const string Created = "subscription.created";
    public const string Deleted = "subscription.deleted";
    public const string SecretRotated = "subscription.secret-rotated";
    public const string Replayed = "subscription.replayed";
}
