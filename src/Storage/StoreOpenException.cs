namespace Lepton.Monitor.Storage;

/// <summary>
/// The store under the data folder cannot be used (corrupt, empty, from a newer build, or in use by another process).
/// Its message is written for the operator who starts the process: what is wrong, where, and what to do.
/// </summary>
public sealed class StoreOpenException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
