namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>A webhook target refused by <see cref="SsrfGuard"/>: a permanent failure (the delivery is dead at once, no retries).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
