namespace Lepton.Monitor.Ingest;

/// <summary>
/// Builds reasons that may quote a received value. Only short code-like values are quoted, so a reason
/// (stored in dead letters and returned to callers) can never carry PII typed into the wrong field.
/// </summary>
internal static class ReasonText
{
    // Longest jurisdiction code is 6 (GLOBAL); 8 leaves room for typos without room for a name and surname.
    private const int MaxQuoted = 8;

    /// <summary><c>prefix 'VALUE'</c> when the value is short and code-like, else just <c>prefix</c>.</summary>
    public static string WithValue(string prefix, string? value) =>
        IsQuotable(value) ? string.Concat(prefix, " '", value, "'") : prefix;

    private static bool IsQuotable(string? value) => value is { Length: > 0 and <= MaxQuoted } && IsCodeLike(value);

    private static bool IsCodeLike(string value)
    {
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                return false;
        }
        return true;
    }
}
