using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton generate`: NDJSON transactions with planted violations of known kinds and a truth file.</summary>
public sealed class GenerateVerb : IVerb
{
    public string Name => "generate";
    public string Summary => "write N generated records (NDJSON) with planted violations and a truth file";
    public string Usage => """
        usage: lepton generate --out FILE [--truth FILE] [--count N] [--tenant ID] [--seed N]
                               [--violation-rate R] [--invalid-rate R] [--id-prefix P] [--start RFC3339]

        Writes deterministic, realistic transactions (same options → same bytes). About --violation-rate
        (default 0.02) of them carry a planted violation (threshold: cash ≥ 20,000; sanctioned-country:
        KP, IR, SY, CU); --invalid-rate (default 0) of them are bad records with their expected rejection reason.
        The truth file (default FILE.truth.ndjson) has one line per record: {"id", "planted": [...], "invalid": reason|null}.
        """;

    public Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "out", "truth", "count", "tenant", "seed", "violation-rate", "invalid-rate", "id-prefix", "start");
        var output = a.String("out") ?? throw new ArgumentException("--out is required");
        var defaults = new GeneratorOptions();
        var options = defaults with
        {
            Count = a.Int("count", 1_000),
            Tenant = a.String("tenant", defaults.Tenant)!,
            Seed = a.Long("seed", defaults.Seed),
            ViolationRate = a.Double("violation-rate", defaults.ViolationRate),
            InvalidRate = a.Double("invalid-rate", defaults.InvalidRate),
            IdPrefix = a.String("id-prefix", defaults.IdPrefix)!,
            Start = a.String("start") is { } s ? DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : defaults.Start,
        };
        var truth = a.String("truth", Path.ChangeExtension(output, null) + ".truth.ndjson")!;
        try
        {
            // A missing folder is created (as `mkdir -p` would), for the records and for the truth file.
            foreach (var folder in new[] { output, truth }.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))))
            {
                if (!string.IsNullOrEmpty(folder))
                    Directory.CreateDirectory(folder);
            }
            TransactionGenerator.WriteFiles(output, truth, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // One line for the operator (a path that is a file, no permission, disk full), not a stack trace.
            Console.Error.WriteLine($"lepton generate: cannot write {output} / {truth}: {e.Message}");
            return Task.FromResult(1);
        }
        Console.WriteLine($"wrote {options.Count} records to {output} and their truth to {truth}");
        return Task.FromResult(0);
    }
}
