using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>Options several verbs share, built per verb (an option belongs to one command), and value checks.</summary>
public static class CommonOptions
{
    /// <summary>`--output text|json`: JSON goes to stdout alone (progress and messages go to stderr).</summary>
    public static Option<OutputFormat> Output()
    {
        var option = new Option<OutputFormat>("--output")
        {
            Description = "text (tables) or json (one document on stdout, schema in docs/cli.md)",
            HelpName = "text|json",
            DefaultValueFactory = _ => OutputFormat.Text,
            CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
            {
                "text" => OutputFormat.Text,
                "json" => OutputFormat.Json,
                var other => Fail<OutputFormat>(result, $"--output: '{other}' is not text or json"),
            },
        };
        option.CompletionSources.Add("text", "json");
        return option;
    }

    /// <summary>`--quiet`: no progress (on stderr); results and errors are still written.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "no progress output" };

    /// <summary>Refuses a value below <paramref name="minimum"/> with a message naming the option.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, T minimum)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T>(result, out var value) && value.CompareTo(minimum) < 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: must be at least {minimum}, was {value}"));
        });
        return option;
    }

    /// <summary>Refuses a value outside [<paramref name="minimum"/>, <paramref name="maximum"/>] naming the option.</summary>
    public static Option<T> Between<T>(this Option<T> option, T minimum, T maximum)
        where T : IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T>(result, out var value) && (value.CompareTo(minimum) < 0 || value.CompareTo(maximum) > 0))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: must be between {minimum} and {maximum}, was {value}"));
        });
        return option;
    }

    /// <summary>Refuses a given value below <paramref name="minimum"/> (an optional option: absent means its default).</summary>
    public static Option<T?> AtLeast<T>(this Option<T?> option, T minimum)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T?>(result, out var nullable) && nullable is { } value && value.CompareTo(minimum) < 0)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: must be at least {minimum}, was {value}"));
        });
        return option;
    }

    /// <summary>Refuses a given value outside [<paramref name="minimum"/>, <paramref name="maximum"/>] (an optional option).</summary>
    public static Option<T?> Between<T>(this Option<T?> option, T minimum, T maximum)
        where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (TryValue<T?>(result, out var nullable) && nullable is { } value && (value.CompareTo(minimum) < 0 || value.CompareTo(maximum) > 0))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: must be between {minimum} and {maximum}, was {value}"));
        });
        return option;
    }

    /// <summary>Accepts only <paramref name="values"/> (and completes them), refusing others with a message naming the option.</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        option.CompletionSources.Add(values);
        option.Validators.Add(result =>
        {
            if (TryValue<string>(result, out var value) && !values.Contains(value, StringComparer.Ordinal))
                result.AddError($"{option.Name}: '{value}' is not {string.Join(", ", values[..^1])} or {values[^1]}");
        });
        return option;
    }

    /// <summary>True when the option was written on the command line (not only defaulted).</summary>
    public static bool Given(this ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    // A value that did not convert is already a parse error naming the option: nothing more to check.
    private static bool TryValue<T>(OptionResult result, out T value)
    {
        value = default!;
        if (result.Tokens.Count == 0 || result.Errors.Any())
            return false;
        try
        {
            value = result.GetValueOrDefault<T>();
            return value is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
