using Spectre.Console;

namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>Picks how a verb shows progress: nothing with --quiet, bars when stdout and stderr are terminals, else lines on stderr.</summary>
public static class ConsoleProgress
{
    public static IWorkProgress Create(bool quiet, TextWriter? error = null)
    {
        if (quiet)
            return NoProgress.Instance;
        error ??= Console.Error;
        if (ReferenceEquals(error, Console.Error) && !Console.IsOutputRedirected && !Console.IsErrorRedirected)
        {
            return new SpectreProgress(AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Console.Error),
                Interactive = InteractionSupport.Yes,
            }));
        }
        return new LineProgress(error);
    }
}
