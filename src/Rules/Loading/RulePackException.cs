namespace Lepton.Monitor.Rules;

/// <summary>
/// A rule pack that cannot be used. The message names the file, the line and the reason, so whoever edited the pack
/// can fix it without reading code: <c>rule pack '/app/Packs/US.json' line 14: rule 'us-x': unknown rule kind 'foo'</c>.
/// </summary>
public sealed class RulePackException : Exception
{
    public RulePackException(string filePath, int? line, string reason, Exception? innerException = null)
        : base(Format(filePath, line, reason), innerException)
    {
        FilePath = filePath;
        Line = line;
        Reason = reason;
    }

    public string FilePath { get; }

    /// <summary>1-based line of the offending JSON, when one can be named.</summary>
    public int? Line { get; }

    public string Reason { get; }

    private static string Format(string filePath, int? line, string reason) =>
        line is { } l ? $"rule pack '{filePath}' line {l}: {reason}" : $"rule pack '{filePath}': {reason}";
}
