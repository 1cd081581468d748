namespace Lepton.Monitor.Scoring;

/// <summary>The requested execution device cannot be used by this process; the message says why and what to change.</summary>
public sealed class ScoringDeviceUnavailableException : Exception
{
    public ScoringDeviceUnavailableException(ScoringDevice device, string message, Exception? inner = null, string? reason = null)
        : base(message, inner)
    {
        Device = device;
        Reason = reason ?? message;
    }

    public ScoringDevice Device { get; }

    /// <summary>Why, without the advice: the loader's or probe's own words (what a fallback logs).</summary>
    public string Reason { get; }
}
