namespace Lepton.Monitor.Storage;

/// <summary>
/// Why one message was not delivered. <paramref name="Transient"/>: the transport could not deliver anything of this
/// kind right now (broker down, timeout); false: the broker refused this message (too large, invalid).
/// </summary>
public sealed record OutboxSendFailure(string Reason, bool Transient);
