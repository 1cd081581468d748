namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>One request a <see cref="TestReceiver"/> got: the Standard Webhooks headers, the exact body, and when.</summary>
public sealed record ReceivedWebhook(string Path, string? Id, string? Timestamp, string? Signature, string Body, DateTimeOffset At);
