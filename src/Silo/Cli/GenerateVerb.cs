using System.CommandLine;
using System.Globalization;
using Lepton.Monitor.Ingest;
using ParseResult = System.CommandLine.ParseResult;
using Lepton.Monitor.Silo.Cli.Progress;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton generate`: NDJSON transactions with planted violations of known kinds and a truth file.</summary>
public sealed class GenerateVerb : Verb
{
    private static readonly GeneratorOptions Defaults = new();

    private readonly Option<string> _out = new("--out") { Description = "the NDJSON file to write (a missing folder is created)", HelpName = "FILE", Required = true };
    private readonly Option<string> _truth = new("--truth") { Description = "the truth file (default FILE.truth.ndjson)", HelpName = "FILE" };
    private readonly Option<int> _count = new Option<int>("--count") { Description = "records to write", HelpName = "N", DefaultValueFactory = _ => 1_000 }.AtLeast(0);
    private readonly Option<string> _tenant = new("--tenant") { Description = "tenant of every record", HelpName = "ID", DefaultValueFactory = _ => Defaults.Tenant };
    private readonly Option<long> _seed = new("--seed") { Description = "random seed (same options → same bytes)", HelpName = "N", DefaultValueFactory = _ => Defaults.Seed };
    private readonly Option<double> _violationRate = new Option<double>("--violation-rate") { Description = "share of records with a planted violation", HelpName = "R", DefaultValueFactory = _ => Defaults.ViolationRate }.Between(0, 1);
    private readonly Option<double> _invalidRate = new Option<double>("--invalid-rate") { Description = "share of bad records with their expected rejection reason", HelpName = "R", DefaultValueFactory = _ => Defaults.InvalidRate }.Between(0, 1);
    private readonly Option<string> _idPrefix = new("--id-prefix") { Description = "prefix of the record ids", HelpName = "P", DefaultValueFactory = _ => Defaults.IdPrefix };
    private readonly Option<DateTimeOffset> _start = new("--start") { Description = "timestamp of the first record", HelpName = "RFC3339", DefaultValueFactory = _ => Defaults.Start };
    private readonly Option<bool> _quiet = CommonOptions.Quiet();

    public override string Name => "generate";
    public override string Summary => "write N generated records (NDJSON) with planted violations and a truth file";

    public override string Details => """
        Writes deterministic, realistic transactions (same options → same bytes). About --violation-rate
        (default 0.02) of them carry a planted violation (threshold: cash ≥ 20,000; sanctioned-country:
        KP, IR, SY, CU); --invalid-rate (default 0) of them are bad records with their expected rejection reason.
        The truth file (default FILE.truth.ndjson) has one line per record: {"id", "planted": [...], "invalid": reason|null}.
        """;

    protected override void Define(Command command)
    {
        foreach (var option in new Option[] { _out, _truth, _count, _tenant, _seed, _violationRate, _invalidRate, _idPrefix, _start, _quiet })
            command.Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.GetValue(_out)!;
        var options = Defaults with
        {
            Count = parse.GetValue(_count),
            Tenant = parse.GetValue(_tenant)!,
            Seed = parse.GetValue(_seed),
            ViolationRate = parse.GetValue(_violationRate),
            InvalidRate = parse.GetValue(_invalidRate),
            IdPrefix = parse.GetValue(_idPrefix)!,
            Start = parse.GetValue(_start),
        };
        var truth = parse.GetValue(_truth) ?? Path.ChangeExtension(output, null) + ".truth.ndjson";
        try
        {
            // A missing folder is created (as `mkdir -p` would), for the records and for the truth file.
            foreach (var folder in new[] { output, truth }.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))))
            {
                if (!string.IsNullOrEmpty(folder))
                    Directory.CreateDirectory(folder);
            }
            using var phase = ConsoleProgress.Create(parse.GetValue(_quiet)).Begin("generate", options.Count);
            TransactionGenerator.WriteFiles(output, truth, options, phase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // One line for the operator (a path that is a file, no permission, disk full), not a stack trace.
            Console.Error.WriteLine($"lepton generate: cannot write {output} / {truth}: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {options.Count} records to {output} and their truth to {truth}"));
        return Task.FromResult(ExitCodes.Ok);
    }
}
