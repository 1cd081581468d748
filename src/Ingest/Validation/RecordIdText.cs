using System.Text;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// What a record id may contain, and how an id is echoed back (in rejections, dead letters and logs): a sender's id is
/// attacker-controlled text that ends up in terminals, dashboards and CSV exports.
/// </summary>
public static class RecordIdText
{
    /// <summary>Echoed ids longer than this are cut (with an ellipsis): a 60 kB id is not repeated back.</summary>
    public const int MaxEchoedLength = 64;

    public const string ControlCharacterReason = "id: must not contain control characters or bidirectional overrides";

    /// <summary>
    /// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
    /// which can make an id display as another one.
    /// </summary>
    public static bool IsForbidden(char c) =>
        c < '\u0020' || c is >= '\u007F' and <= '\u009F' || c is >= '\u202A' and <= '\u202E' || c is >= '\u2066' and <= '\u2069';

    public static bool ContainsForbidden(string id)
    {
        foreach (var c in id)
        {
            if (IsForbidden(c))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The id as it may be echoed: card numbers, IBANs, SSNs and e-mail addresses masked, forbidden characters replaced
    /// by U+FFFD, and at most <see cref="MaxEchoedLength"/> characters followed by "…". Null for null.
    /// </summary>
    public static string? Echo(string? id)
    {
        if (id is null)
            return null;
        // Scanning a huge id costs nothing here: only a bounded prefix is ever looked at.
        var prefix = id.Length > MaxEchoedLength * 4 ? id[..(MaxEchoedLength * 4)] : id;
        var masked = PiiTextScanner.Mask(prefix);
        var cut = masked.Length > MaxEchoedLength || prefix.Length < id.Length;
        var length = Math.Min(masked.Length, MaxEchoedLength);
        // Never split a surrogate pair.
        if (length < masked.Length && length > 0 && char.IsHighSurrogate(masked[length - 1]))
            length--;
        var builder = new StringBuilder(length + 1);
        for (var i = 0; i < length; i++)
            builder.Append(IsForbidden(masked[i]) ? '\uFFFD' : masked[i]);
        if (cut)
            builder.Append('…');
        return builder.ToString();
    }
}
