using System.CommandLine;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// A verb's parsed options by name (without the leading dashes), for checks that depend on which options were written
/// together (`publish` over Kafka or Event Hubs): whether one was given and its text.
/// </summary>
public sealed class OptionLookup(ParseResult parse, IEnumerable<Option> options)
{
    private readonly Dictionary<string, Option> _options = options.ToDictionary(o => o.Name.TrimStart('-'), StringComparer.Ordinal);

    public bool Has(string name) => parse.Given(_options[name]);

    /// <summary>The typed value of a given option, else <paramref name="fallback"/>.</summary>
    public T Value<T>(string name, T fallback) => Has(name) ? parse.GetValue((Option<T>)_options[name])! : fallback;

    public string? String(string name, string? fallback = null) =>
        Has(name) && parse.GetResult(_options[name]) is { } result && result.Tokens.Count > 0
            ? string.Join(";", result.Tokens.Select(t => t.Value))
            : fallback;
}
