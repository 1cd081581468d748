using System.CommandLine;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>A development verb in the product's command tree: its arguments, help included, go to lepton-dev unread.</summary>
public sealed class ForwardedVerb(string name, string summary) : Verb
{
    public override string Name => name;
    public override string Summary => summary;

    protected override void Define(Command command) => command.TreatUnmatchedTokensAsErrors = false;

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken) =>
        DevToolsForwarder.ForwardAsync([Name, .. HostVerb.HostArguments(parse)], Console.Error);
}
