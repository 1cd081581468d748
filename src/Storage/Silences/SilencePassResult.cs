namespace Lepton.Monitor.Storage;

/// <summary>What one expiry pass did: silences whose start and end it handled, alerts it suppressed and reopened.</summary>
public sealed record SilencePassResult(int Started, int Ended, int AlertsSuppressed, int AlertsReopened);
