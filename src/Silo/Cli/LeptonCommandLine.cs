namespace Lepton.Monitor.Silo.Cli;

/// <summary>Dispatches `lepton [verb] [options]`; `run` is the default so `dotnet run --project src/Silo` starts the product.</summary>
public static class LeptonCommandLine
{
    public static IReadOnlyList<IVerb> Verbs { get; } = [new RunVerb(), new GenerateVerb(), new BenchVerb(), new TrainVerb(), new PublishVerb(), new AuditVerifyVerb(), new ParkedVerb(), new DriftVerb(), new DriftStreamVerb(), new BacktestVerb(), new MigrateVerb(), new SiloVerb(), new ApiVerb(), new LoadVerb()];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            PrintHelp(Console.Out);
            return 0;
        }
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? Verbs.FirstOrDefault(v => v.Name == args[0]) : Verbs[0];
        if (verb is null)
        {
            Console.Error.WriteLine($"lepton: unknown verb '{args[0]}'");
            PrintHelp(Console.Error);
            return 2;
        }
        var rest = args.Length > 0 && args[0] == verb.Name ? args[1..] : args;
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            Console.Out.WriteLine(verb.Usage);
            return 0;
        }
        try
        {
            return await verb.RunAsync(rest);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"lepton {verb.Name}: {e.Message}");
            Console.Error.WriteLine(verb.Usage);
            return 2;
        }
    }

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("Lepton Monitor — real-time compliance monitoring on Orleans");
        w.WriteLine();
        w.WriteLine("usage: lepton [verb] [options]      (verb defaults to 'run'; 'lepton VERB --help' for its options)");
        w.WriteLine();
        foreach (var v in Verbs)
            w.WriteLine($"  {v.Name,-10} {v.Summary}");
    }
}
