namespace Lepton.Monitor.Storage;

/// <summary>One attempt to deliver: when, the receiver's status code (null when none came), the error, how long it took.</summary>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, string? Error, long DurationMs);
