using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `--help`: System.CommandLine's help generated from the options, then the verb's <see cref="Verb.Details"/> (what it
/// does, exit codes); `lepton --help` lists the verbs with their one-line summaries.
/// </summary>
public sealed class VerbHelpAction(HelpAction generated, IReadOnlyList<Verb> verbs, TextWriter output) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var code = generated.Invoke(parseResult);
        var command = parseResult.CommandResult.Command;
        var verb = verbs.FirstOrDefault(v => ReferenceEquals(v.Command, command) || v.Command.Subcommands.Contains(command));
        if (verb?.Details is { } details)
        {
            output.WriteLine("Details:");
            foreach (var line in details.Trim().Split('\n'))
                output.WriteLine("  " + line.TrimEnd());
            output.WriteLine();
        }
        return code;
    }
}
