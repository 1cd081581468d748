using System.CommandLine;
using System.CommandLine.Parsing;
using Lepton.Monitor.Silo.Hosting.Cluster;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// A verb that starts a long-running process of one role (run, silo, api). Any configuration key may be given as
/// `--Section:Key value`: the common ones are declared for help and completion, every token goes to the host's
/// configuration as it was written.
/// </summary>
public abstract class HostVerb : Verb
{
    protected abstract LeptonRole Role { get; }

    /// <summary>The configuration keys this role's help names (`--Lepton:Store`, ...), each taking one value.</summary>
    protected abstract IEnumerable<(string Name, string Description)> DocumentedKeys { get; }

    protected override void Define(Command command)
    {
        command.TreatUnmatchedTokensAsErrors = false;
        command.Options.Add(new Option<string>("--urls") { Description = "the HTTP listen URLs (ASPNETCORE_URLS)", HelpName = "URLS" });
        foreach (var (name, description) in DocumentedKeys)
            command.Options.Add(new Option<string>(name) { Description = description, HelpName = "VALUE" });
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken) =>
        HostRunner.RunAsync(HostArguments(parse), Role);

    /// <summary>The tokens after the verb, as written: configuration for the host's command-line provider.</summary>
    internal static string[] HostArguments(ParseResult parse) =>
        parse.Tokens.SkipWhile(t => t.Type == TokenType.Command || t.Type == TokenType.Directive).Select(t => t.Value).ToArray();
}
