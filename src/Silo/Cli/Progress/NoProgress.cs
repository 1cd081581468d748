namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>--quiet, and library callers that show nothing: phases are counted and never shown.</summary>
public sealed class NoProgress : IWorkProgress
{
    public static readonly NoProgress Instance = new();

    public IProgressPhase Begin(string phase, long? total = null, string unit = "records") => new PhaseCounter(phase, total, unit);
}
