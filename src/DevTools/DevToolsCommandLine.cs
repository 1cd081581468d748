using Lepton.Monitor.DevTools.Cli;
using Lepton.Monitor.DevTools.Drift;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.DevTools;

/// <summary>
/// `lepton-dev`: every verb of `lepton`, with bench, backtest and train run here instead of forwarded, and drift drawing
/// its --report page here.
/// </summary>
public static class DevToolsCommandLine
{
    public static IReadOnlyList<Verb> Verbs => LeptonCommandLine.ProductVerbs(
        [new BenchVerb(), new BacktestVerb(), new TrainVerb(), new DriftVerb(reportWriter: new DriftReportPage())]);

    public static Task<int> RunAsync(string[] args) => LeptonCommandLine.RunAsync(args, Verbs);
}
