namespace Lepton.Monitor.Storage;

/// <summary>Migration 8: webhook subscriptions, deliveries and their attempts (PRODUCT.md §6 /v1/subscriptions).</summary>
internal static class WebhooksSchema
{
    public static readonly Migration Migration = new(8, "webhook subscriptions and deliveries", """
        SELECT 1; -- placeholder: filled by the webhooks change
        """);
}
