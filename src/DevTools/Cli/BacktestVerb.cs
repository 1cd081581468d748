using System.Globalization;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Silo.Backtest;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton backtest`: replays an NDJSON file offline through ingest, model and rule packs; scores rule kinds against a truth file.</summary>
public sealed class BacktestVerb : IVerb
{
    public string Name => "backtest";
    public string Summary => "replay an NDJSON file offline through the rule packs; precision and recall per rule kind against a truth file";
    public string Usage => """
        usage: lepton backtest --input FILE [--truth FILE] [--report FILE] [--no-model] [--model PATH]
                               [--jurisdictions US,EU,...] [--batch N]

        Replays FILE (NDJSON, schema v1, e.g. from `lepton generate`) without a cluster: parse → validate →
        pseudonymize (fixed key) → jurisdictions → ONNX model → every enabled rule pack with entity windows per
        (tenant, jurisdiction). Lines ingest would reject are counted, not evaluated.

        --truth FILE   the generator's truth file; prints precision and recall per rule kind (counted in records)
        --report FILE  writes every alert candidate as one JSON line (rule, kind, severity, fingerprint, explanation)
        --no-model     skip the model (model-score rules then raise nothing)
        --model PATH   another ONNX model than the shipped default
        --jurisdictions  packs enabled for every tenant of the file (default: all shipped packs)
        --batch N      records per evaluation round (default 10,000)

        Exit code 0, or 1 when a truth file was given and a planted deterministic kind has recall below 1.
        """;

    public Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "input", "truth", "report", "no-model", "model", "jurisdictions", "batch");
        var defaults = new BacktestOptions { InputPath = "" };
        var options = defaults with
        {
            InputPath = a.String("input") ?? throw new ArgumentException("--input is required"),
            TruthPath = a.String("truth"),
            ReportPath = a.String("report"),
            UseModel = !a.Has("no-model"),
            ModelPath = a.String("model"),
            Jurisdictions = a.String("jurisdictions")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            BatchSize = a.Int("batch", defaults.BatchSize),
        };

        var result = new BacktestRunner(RulePackSet.LoadDefault(), CurrencyRates.LoadDefault()).Run(options);
        Print(result, options);
        var incomplete = result.Scores?.Any(s => s.Planted > 0 && RuleKinds.Deterministic.Contains(s.Kind) && s.Recall < 1.0) ?? false;
        return Task.FromResult(incomplete ? 1 : 0);
    }

    private static void Print(BacktestResult r, BacktestOptions options)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{r.Lines:N0} lines: {r.Accepted:N0} accepted, {r.Rejected:N0} rejected (would be dead-lettered)"));
        Console.WriteLine(string.Create(c, $"{r.Candidates:N0} alert candidates in {r.Elapsed.TotalSeconds:0.0} s ({r.RecordsPerSecond:N0} records/s){(r.ModelVersion is null ? ", no model" : $", model {r.ModelVersion}")}"));
        Console.WriteLine(string.Create(c, $"entity windows: {r.LateRecords:N0} late, {r.TooLateRecords:N0} too late, {r.EvictedEntities:N0} entities evicted"));
        if (options.ReportPath is not null)
            Console.WriteLine($"report: {options.ReportPath}");
        Console.WriteLine();

        if (r.Scores is null)
        {
            Console.WriteLine($"{"rule kind",-28} {"candidates",10}");
            foreach (var (kind, count) in r.CandidatesByKind.OrderBy(k => k.Key, StringComparer.Ordinal))
                Console.WriteLine(string.Create(c, $"{kind,-28} {count,10:N0}"));
            return;
        }
        Console.WriteLine($"{"rule kind",-28} {"planted",8} {"alerted",8} {"TP",6} {"FP",6} {"FN",6} {"precision",10} {"recall",8}");
        foreach (var s in r.Scores)
        {
            var truth = RuleKinds.Deterministic.Contains(s.Kind);
            Console.WriteLine(string.Create(c,
                $"{s.Kind,-28} {s.Planted,8:N0} {s.AlertedRecords,8:N0} {s.TruePositives,6:N0} {s.FalsePositives,6:N0} {s.FalseNegatives,6:N0} {Ratio(truth ? s.Precision : null),10} {Ratio(truth ? s.Recall : null),8}"));
        }
        Console.WriteLine("(model-score has no ground truth: its alerts are counted, not scored)");

        static string Ratio(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";
    }
}
