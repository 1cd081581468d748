using System.CommandLine;
using System.Globalization;
using Lepton.Monitor.DevTools.Backtest;
using Lepton.Monitor.Reporting;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Silo.Cli;
using Lepton.Monitor.Silo.Cli.Output;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.DevTools.Cli;

/// <summary>`lepton backtest`: replays an NDJSON file offline through ingest, model and rule packs; scores rule kinds against a truth file.</summary>
public sealed class BacktestVerb : Verb
{
    private static readonly BacktestOptions Defaults = new() { InputPath = "" };

    private readonly Option<string> _input = new("--input") { Description = "the NDJSON file to replay (schema v1, e.g. from `lepton generate`)", HelpName = "FILE", Required = true };
    private readonly Option<string> _truth = new("--truth") { Description = "the generator's truth file: precision and recall per rule kind (counted in records)", HelpName = "FILE" };
    private readonly Option<string> _candidates = new("--candidates") { Description = "write every alert candidate as one JSON line (rule, kind, severity, fingerprint, explanation)", HelpName = "FILE" };
    private readonly Option<string> _report = new("--report") { Description = "write a self-contained HTML report (per-kind table; with the model and --truth the score histogram by label and the precision-recall curve) into DIR (docs/reports.md)", HelpName = "DIR" };
    private readonly Option<bool> _noModel = new("--no-model") { Description = "skip the model (model-score rules then raise nothing)" };
    private readonly Option<string> _model = new("--model") { Description = "another ONNX model than the shipped default", HelpName = "PATH" };
    private readonly Option<string> _jurisdictions = new("--jurisdictions") { Description = "packs enabled for every tenant of the file (default: all shipped packs)", HelpName = "US,EU,..." };
    private readonly Option<int> _batch = new Option<int>("--batch") { Description = "records per evaluation round", HelpName = "N", DefaultValueFactory = _ => Defaults.BatchSize }.AtLeast(1);
    private readonly Option<OutputFormat> _output = CommonOptions.Output();
    private readonly Option<bool> _quiet = CommonOptions.Quiet();

    public override string Name => "backtest";
    public override string Summary => "replay an NDJSON file offline through the rule packs; precision and recall per rule kind against a truth file";

    public override string Details => """
        Replays FILE (NDJSON, schema v1, e.g. from `lepton generate`) without a cluster: parse → validate →
        pseudonymize (fixed key) → jurisdictions → ONNX model → every enabled rule pack with entity windows per
        (tenant, jurisdiction). Lines ingest would reject are counted, not evaluated. Prints tables, or with
        --output json one document (docs/cli.md).

        Exit code 0, or 1 when a truth file was given and a planted deterministic kind has recall below 1.
        """;

    protected override void Define(Command command)
    {
        foreach (var option in new Option[] { _input, _truth, _candidates, _report, _noModel, _model, _jurisdictions, _batch, _output, _quiet })
            command.Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var options = Defaults with
        {
            InputPath = parse.GetValue(_input)!,
            TruthPath = parse.GetValue(_truth),
            ReportPath = parse.GetValue(_candidates),
            KeepModelScores = parse.GetValue(_report) is not null,
            UseModel = !parse.GetValue(_noModel),
            ModelPath = parse.GetValue(_model),
            Jurisdictions = parse.GetValue(_jurisdictions)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            BatchSize = parse.GetValue(_batch),
        };
        foreach (var (option, path) in new[] { (_input, options.InputPath), (_truth, options.TruthPath) })
        {
            if (path is not null && !File.Exists(path))
                throw new ArgumentException($"{option.Name}: '{path}' does not exist");
        }

        var packs = RulePackSet.LoadDefault();
        BacktestResult result;
        using (var phase = ConsoleProgress.Create(parse.GetValue(_quiet)).Begin("backtest", CountLines(options.InputPath), "lines"))
            result = new BacktestRunner(packs, CurrencyRates.LoadDefault()).Run(options, phase);

        string? page = null;
        if (parse.GetValue(_report) is { } reportDirectory)
        {
            page = ReportWriter.WriteBacktest(reportDirectory, BacktestReportMapping.ToReportInput(result, options, packs));
            Console.Error.WriteLine($"report: {page}");
        }

        var incomplete = result.Scores?.Any(s => s.Planted > 0 && RuleKinds.Deterministic.Contains(s.Kind) && s.Recall < 1.0) ?? false;
        if (parse.GetValue(_output) == OutputFormat.Json)
            JsonOutput.Write(Console.Out, BacktestDocument.From(result, options, incomplete, page));
        else
            Print(result, options);
        return Task.FromResult(incomplete ? ExitCodes.Failure : ExitCodes.Ok);
    }

    private static long CountLines(string path)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        long lines = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        return lines;
    }

    private static void Print(BacktestResult r, BacktestOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{r.Lines:N0} lines: {r.Accepted:N0} accepted, {r.Rejected:N0} rejected (would be dead-lettered)"));
        Console.WriteLine(string.Create(c, $"{r.Candidates:N0} alert candidates in {r.Elapsed.TotalSeconds:0.0} s ({r.RecordsPerSecond:N0} records/s){(r.ModelVersion is null ? ", no model" : $", model {r.ModelVersion}")}"));
        Console.WriteLine(string.Create(c, $"entity windows: {r.LateRecords:N0} late, {r.TooLateRecords:N0} too late, {r.EvictedEntities:N0} entities evicted"));
        if (options.ReportPath is not null)
            Console.WriteLine($"candidates: {options.ReportPath}");
        Console.WriteLine();

        if (r.Scores is null)
        {
            TableOutput.Write(Console.Out, ["rule kind", ">candidates"],
                r.CandidatesByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new[] { k.Key, k.Value.ToString("N0", c) }));
            return;
        }
        TableOutput.Write(Console.Out, ["rule kind", ">planted", ">alerted", ">TP", ">FP", ">FN", ">precision", ">recall"],
            r.Scores.Select(s =>
            {
                var truth = RuleKinds.Deterministic.Contains(s.Kind);
                return new[]
                {
                    s.Kind, s.Planted.ToString("N0", c), s.AlertedRecords.ToString("N0", c), s.TruePositives.ToString("N0", c),
                    s.FalsePositives.ToString("N0", c), s.FalseNegatives.ToString("N0", c), Ratio(truth ? s.Precision : null), Ratio(truth ? s.Recall : null),
                };
            }));
        Console.WriteLine("(model-score has no ground truth: its alerts are counted, not scored)");

        static string Ratio(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";
    }
}
