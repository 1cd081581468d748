namespace Lepton.Monitor.Scoring;

/// <summary>The cuBLASLt backend cannot run here (no driver, no cuBLASLt, no GPU, unsupported graph, failed parity); the message says which.</summary>
public sealed class GpuUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
