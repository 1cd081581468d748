using System.Text.RegularExpressions;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>
/// A <see cref="SilenceMatcher"/> ready to test alerts. Regexes are anchored as Alertmanager anchors them
/// (<c>^(?:re)$</c>: <c>US</c> does not match <c>USD</c>), compiled once, and run by the non-backtracking engine,
/// whose time is linear in the input: the alert store runs matchers inside its write transaction, so a hostile
/// pattern must not be able to stall ingest. Constructs that engine cannot run (backreferences, lookarounds) are refused.
/// </summary>
public sealed class CompiledMatcher
{
    private readonly Regex? _regex;

    private CompiledMatcher(SilenceMatcher matcher, Regex? regex)
    {
        Matcher = matcher;
        _regex = regex;
    }

    public SilenceMatcher Matcher { get; }

    /// <summary>Compiles <paramref name="matcher"/>; throws <see cref="SilenceValidationException"/> when its regex is invalid.</summary>
    public static CompiledMatcher Compile(SilenceMatcher matcher)
    {
        if (!matcher.IsRegex)
            return new CompiledMatcher(matcher, null);
        try
        {
            var regex = new Regex($"^(?:{matcher.Value})$",
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            return new CompiledMatcher(matcher, regex);
        }
        catch (ArgumentException e)
        {
            throw new SilenceValidationException($"{matcher}: invalid regex: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            throw new SilenceValidationException($"{matcher}: regex not supported (no backreferences, lookarounds or atomic groups): {e.Message}");
        }
    }

    /// <summary>Whether a field value satisfies the matcher (the operator applied, negation included).</summary>
    public bool Matches(string value)
    {
        if (_regex is null)
            return string.Equals(value, Matcher.Value, StringComparison.Ordinal) == Matcher.IsEqual;
        try
        {
            return _regex.IsMatch(value) == Matcher.IsEqual;
        }
        catch (RegexMatchTimeoutException)
        {
            // Linear-time matching should never get here; if it does, the matcher (negated or not) does not match, so
            // the alert stays visible: a silence fails loud, never quiet.
            return false;
        }
    }

    public bool Matches(Alert alert) => Matches(SilenceFields.Read(alert, Matcher.Name));
}
