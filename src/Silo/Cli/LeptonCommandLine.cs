using System.CommandLine;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// Dispatches `lepton [verb] [options]` through System.CommandLine; `run` is the default so `dotnet run --project
/// src/Silo` starts the product. Exit codes: 0 ok, 1 failure, 2 usage (unknown verb or option, bad value), and what a
/// verb documents beyond them (3: the store cannot be used).
/// </summary>
public static class LeptonCommandLine
{
    /// <summary>The product's verbs in help order; bench, backtest, train and drift's --report are forwarded to `lepton-dev`.</summary>
    public static IReadOnlyList<Verb> Verbs => ProductVerbs(DevToolsForwarder.ForwardedVerbs());

    /// <summary>The verbs with <paramref name="devTools"/> (bench, backtest, train, drift) in their places.</summary>
    public static IReadOnlyList<Verb> ProductVerbs(IReadOnlyList<Verb> devTools)
    {
        Verb Dev(string name) => devTools.Single(v => v.Name == name);
        return
        [
            new RunVerb(), new GenerateVerb(), Dev("bench"), Dev("train"), new PublishVerb(), new AuditVerifyVerb(),
            new ParkedVerb(), Dev("drift"), new DriftStreamVerb(), Dev("backtest"), new MigrateVerb(), new SiloVerb(),
            new ApiVerb(), new LoadVerb(), new ReportVerb(),
        ];
    }

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Verbs);

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<Verb> verbs)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        var root = new RootCommand("Lepton Monitor — real-time compliance monitoring on Orleans. The verb defaults to 'run'.");
        foreach (var verb in verbs)
            root.Subcommands.Add(verb.Command);
        var help = root.Options.OfType<System.CommandLine.Help.HelpOption>().Single();
        help.Action = new VerbHelpAction((System.CommandLine.Help.HelpAction)help.Action!, verbs, stdout);

        args = WithDefaultVerb(args, verbs);
        if (args.Length > 0 && !args[0].StartsWith('-') && !args[0].StartsWith('[') && verbs.All(v => v.Name != args[0]))
        {
            stderr.WriteLine($"lepton: unknown verb '{args[0]}'{ParseErrors.Suggestion(args[0], verbs.Select(v => v.Name))}");
            stderr.WriteLine("Run 'lepton --help' for the verbs.");
            return ExitCodes.Usage;
        }

        // A forwarded verb's arguments, --help included, are lepton-dev's to read.
        if (args.Length > 0 && verbs.FirstOrDefault(v => v.Name == args[0]) is ForwardedVerb)
            return await DevToolsForwarder.ForwardAsync(args, stderr);

        var parse = root.Parse(args);
        var verbName = parse.CommandResult.Command == root ? null : parse.CommandResult.Command.Name;
        if (parse.Errors.Count > 0 && parse.Action is not VerbHelpAction)
        {
            ParseErrors.Write(stderr, parse);
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                // A verb's own failures are reported below; Ctrl+C is each verb's to handle (hosts stop gracefully).
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"lepton {verbName}: {e.Message}");
            stderr.WriteLine($"Run 'lepton {verbName} --help' for its options.");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine($"lepton {verbName}: cancelled");
            return ExitCodes.Failure;
        }
    }

    /// <summary>`lepton` alone, or with options but no verb, is `lepton run`.</summary>
    private static string[] WithDefaultVerb(string[] args, IReadOnlyList<Verb> verbs)
    {
        if (args.Length == 0)
            return ["run"];
        var first = args[0];
        var rootOption = first is "-h" or "--help" or "-?" or "/?" or "/h" or "--version";
        return first.StartsWith('-') && !rootOption ? ["run", .. args] : args;
    }
}
