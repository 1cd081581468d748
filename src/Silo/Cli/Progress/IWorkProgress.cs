namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>
/// Where long work (bench phases, backtest, training, generate, publish, load) reports how far it is, without knowing how
/// it is shown: bars on a terminal, lines on stderr otherwise, nothing with --quiet (<see cref="ConsoleProgress"/>).
/// </summary>
public interface IWorkProgress
{
    /// <summary>Starts a phase of <paramref name="total"/> units (null: unknown); dispose it when the phase ends.</summary>
    IProgressPhase Begin(string phase, long? total = null, string unit = "records");
}
