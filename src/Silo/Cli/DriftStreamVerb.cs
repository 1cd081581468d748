using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Drift.Streaming;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton drift-stream`: runs ADWIN or Page–Hinkley over numbers on stdin and prints where drift was detected.</summary>
public sealed class DriftStreamVerb(TextReader? input = null, TextWriter? output = null, TextWriter? error = null) : IVerb
{
    public string Name => "drift-stream";
    public string Summary => "run ADWIN or Page–Hinkley over one number per line on stdin; print the 0-based indices of detections";
    public string Usage => """
        usage: lepton drift-stream --detector adwin|page-hinkley [--delta D] [--threshold T] [--min-instances N]
                                   [--alpha A] [--direction up|down|both] [--clock N]

        Reads one number per line from stdin (invariant culture; blank lines are skipped and not counted) and prints
        the 0-based index of every value at which the detector reports drift, one per line. Defaults as river:
        adwin --delta 0.002 --clock 32; page-hinkley --delta 0.005 --threshold 50 --min-instances 30 --alpha 0.9999,
        --direction up (increases only; 'both' for either). A line that is not a finite number stops with exit code 2.
        See docs/drift.md.
        """;

    public Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "detector", "delta", "threshold", "min-instances", "alpha", "direction", "clock");
        var name = a.String("detector") ?? throw new ArgumentException("--detector is required (adwin or page-hinkley)");
        IStreamingDriftDetector detector = name switch
        {
            "adwin" => new AdwinDetector(a.Double("delta", 0.002), a.Int("clock", 32)),
            "page-hinkley" => new PageHinkleyDetector(
                a.Double("delta", 0.005), a.Double("threshold", 50), a.Int("min-instances", 30), a.Double("alpha", 1 - 0.0001),
                a.String("direction", "up") switch
                {
                    "up" => PageHinkleyDirection.Up,
                    "down" => PageHinkleyDirection.Down,
                    "both" => PageHinkleyDirection.Both,
                    var d => throw new ArgumentException($"--direction: '{d}' is not up, down or both"),
                }),
            _ => throw new ArgumentException($"--detector: '{name}' is not adwin or page-hinkley"),
        };
        try
        {
            DriftStreamRunner.Run(input ?? Console.In, output ?? Console.Out, detector);
            return Task.FromResult(0);
        }
        catch (DriftInputException e)
        {
            (error ?? Console.Error).WriteLine($"lepton drift-stream: {e.Message}");
            return Task.FromResult(2);
        }
    }
}
