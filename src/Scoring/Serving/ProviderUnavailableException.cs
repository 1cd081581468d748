namespace Lepton.Monitor.Scoring;

/// <summary>
/// A provider cannot serve the model on this machine (library missing, no GPU, parity failed): the selector moves on to
/// the next one. The message is the reason as logged. A model that is itself broken throws something else.
/// </summary>
public sealed class ProviderUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
