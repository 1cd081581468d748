namespace Lepton.Monitor.Storage;

/// <summary>A validated subscription to store, with the secret issued for it.</summary>
public sealed record NewWebhookSubscription(string Tenant, string Url, WebhookFilter Filter, IReadOnlyList<string> Types, string Secret, string? CreatedBy,
    WebhookGrouping? Group = null);
