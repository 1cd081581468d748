using System.CommandLine;
using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Drift.Streaming;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton drift-stream`: runs ADWIN or Page–Hinkley over numbers on stdin and prints where drift was detected.</summary>
public sealed class DriftStreamVerb(TextReader? input = null, TextWriter? output = null, TextWriter? error = null) : Verb
{
    private readonly Option<string> _detector = new Option<string>("--detector") { Description = "the detector", HelpName = "adwin|page-hinkley", Required = true }
        .OneOf("adwin", "page-hinkley");
    private readonly Option<double?> _delta = new("--delta") { Description = "adwin: confidence (default 0.002); page-hinkley: tolerated change (default 0.005)", HelpName = "D" };
    private readonly Option<double> _threshold = new("--threshold") { Description = "page-hinkley: detection threshold", HelpName = "T", DefaultValueFactory = _ => 50 };
    private readonly Option<int> _minInstances = new Option<int>("--min-instances") { Description = "page-hinkley: values before detection starts", HelpName = "N", DefaultValueFactory = _ => 30 }.AtLeast(1);
    private readonly Option<double> _alpha = new Option<double>("--alpha") { Description = "page-hinkley: forgetting factor", HelpName = "A", DefaultValueFactory = _ => 1 - 0.0001 }.Between(0, 1);
    private readonly Option<string> _direction = new Option<string>("--direction") { Description = "page-hinkley: increases (up), decreases (down) or both", HelpName = "up|down|both", DefaultValueFactory = _ => "up" }
        .OneOf("up", "down", "both");
    private readonly Option<int> _clock = new Option<int>("--clock") { Description = "adwin: values between compressions", HelpName = "N", DefaultValueFactory = _ => 32 }.AtLeast(1);

    public override string Name => "drift-stream";
    public override string Summary => "run ADWIN or Page–Hinkley over one number per line on stdin; print the 0-based indices of detections";

    public override string Details => """
        Reads one number per line from stdin (invariant culture; blank lines are skipped and not counted) and prints
        the 0-based index of every value at which the detector reports drift, one per line. Defaults as river:
        adwin --delta 0.002 --clock 32; page-hinkley --delta 0.005 --threshold 50 --min-instances 30 --alpha 0.9999,
        --direction up (increases only; 'both' for either). A line that is not a finite number stops with exit code 2.
        See docs/drift.md.
        """;

    protected override void Define(Command command)
    {
        foreach (var option in new Option[] { _detector, _delta, _threshold, _minInstances, _alpha, _direction, _clock })
            command.Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        IStreamingDriftDetector detector = parse.GetValue(_detector) == "adwin"
            ? new AdwinDetector(parse.GetValue(_delta) ?? 0.002, parse.GetValue(_clock))
            : new PageHinkleyDetector(parse.GetValue(_delta) ?? 0.005, parse.GetValue(_threshold), parse.GetValue(_minInstances), parse.GetValue(_alpha),
                parse.GetValue(_direction) switch
                {
                    "down" => PageHinkleyDirection.Down,
                    "both" => PageHinkleyDirection.Both,
                    _ => PageHinkleyDirection.Up,
                });
        try
        {
            DriftStreamRunner.Run(input ?? Console.In, output ?? Console.Out, detector);
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (DriftInputException e)
        {
            (error ?? Console.Error).WriteLine($"lepton drift-stream: {e.Message}");
            return Task.FromResult(ExitCodes.Usage);
        }
    }
}
