using System.CommandLine;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>Usage errors on stderr: each parse error, the nearest option for a mistyped one, and where the help is.</summary>
public static class ParseErrors
{
    public static void Write(TextWriter error, ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var prefix = command is RootCommand ? "lepton" : $"lepton {command.Name}";
        var options = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        // Unmatched tokens get one line each (an unknown option with the nearest known one), not the parser's generic one.
        var unmatched = parse.UnmatchedTokens.ToList();
        foreach (var e in parse.Errors.Where(e => !unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
            error.WriteLine($"{prefix}: {e.Message}");
        var unknownOptions = unmatched.Where(t => t.StartsWith('-')).Select(t => t.Split('=', 2)[0]).Distinct().ToList();
        foreach (var name in unknownOptions)
            error.WriteLine($"{prefix}: unknown option '{name}'{Suggestion(name, options)}");
        if (unknownOptions.Count == 0)
        {
            foreach (var token in unmatched)
                error.WriteLine($"{prefix}: unexpected argument '{token}'");
        }
        error.WriteLine($"Run '{prefix} --help' for {(command is RootCommand ? "the verbs" : "its options")}.");
    }

    /// <summary>", did you mean 'X'?" for the nearest candidate within a few edits, else "".</summary>
    public static string Suggestion(string typed, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(typed, c)))
            .Where(c => c.Distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? "" : $", did you mean '{best.Name}'?";
    }

    // Optimal string alignment distance: transpositions count as one edit ("--cuont" → "--count").
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
