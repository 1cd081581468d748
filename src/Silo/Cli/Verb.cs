using System.CommandLine;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// One command-line verb (`lepton VERB [options]`), each in its own file: its options are typed System.CommandLine
/// definitions (help is generated from them), its work runs on the parsed result.
/// </summary>
public abstract class Verb
{
    private Command? _command;

    public abstract string Name { get; }

    /// <summary>One line for `lepton --help`.</summary>
    public abstract string Summary { get; }

    /// <summary>What the verb does beyond its options, shown after them in `lepton VERB --help`.</summary>
    public virtual string? Details => null;

    /// <summary>The verb's command with its options; built once per verb instance.</summary>
    public Command Command => _command ??= CreateCommand();

    /// <summary>Adds the verb's options (and subcommands) to its command.</summary>
    protected abstract void Define(Command command);

    /// <summary>Does the work; an <see cref="ArgumentException"/> is a usage error (exit code 2).</summary>
    protected abstract Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken);

    /// <summary>
    /// Parses <paramref name="args"/> (without the verb's name) as this verb's options and runs it, without the command
    /// line's error handling: a parse error or a bad value throws <see cref="ArgumentException"/>.
    /// </summary>
    public Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = Command.Parse(args);
        if (parse.Errors.Count > 0)
            throw new ArgumentException(string.Join("; ", parse.Errors.Select(e => e.Message)));
        return ExecuteAsync(parse, cancellationToken);
    }

    private Command CreateCommand()
    {
        var command = new Command(Name, Summary);
        Define(command);
        // Subcommands (parked list|replay) carry their own actions.
        if (command.Subcommands.Count == 0)
            command.SetAction((parse, ct) => ExecuteAsync(parse, ct));
        return command;
    }
}
