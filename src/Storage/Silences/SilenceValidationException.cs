namespace Lepton.Monitor.Storage;

/// <summary>A silence that cannot be saved: invalid, or so broad that it would mute the whole tenant. The message is the reason (400).</summary>
public sealed class SilenceValidationException(string message) : Exception(message);
