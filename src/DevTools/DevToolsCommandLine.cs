using Lepton.Monitor.DevTools.Cli;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.DevTools;

/// <summary>`lepton-dev`: every verb of `lepton`, with bench, backtest and train run here instead of forwarded.</summary>
public static class DevToolsCommandLine
{
    public static IReadOnlyList<Verb> Verbs => LeptonCommandLine.ProductVerbs([new BenchVerb(), new BacktestVerb(), new TrainVerb()]);

    public static Task<int> RunAsync(string[] args) => LeptonCommandLine.RunAsync(args, Verbs);
}
