namespace Lepton.Monitor.Scoring;

/// <summary>The requested execution device (CUDA) cannot be used by this process; the message says why and what to change.</summary>
public sealed class ScoringDeviceUnavailableException : Exception
{
    public ScoringDeviceUnavailableException(ScoringDevice device, string message, Exception? inner = null)
        : base(message, inner)
    {
        Device = device;
    }

    public ScoringDevice Device { get; }
}
