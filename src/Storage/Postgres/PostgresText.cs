using System.Diagnostics.CodeAnalysis;

namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000 and jsonb refuses its escape <c>\u0000</c> (SQLite takes both): a NUL is stored
/// as U+FFFD, so nothing is refused or dropped — and no batch fails forever — for the byte that made a record odd.
/// </summary>
internal static class PostgresText
{
    private const string NulEscape = "\\u0000";

    [return: NotNullIfNotNull(nameof(text))]
    public static string? WithoutNul(string? text) => text is not null && text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;

    /// <summary>
    /// A JSON document for a jsonb column with every escaped NUL (<c>\u0000</c>, case-insensitive hex) written as
    /// <c>\uFFFD</c>; an escaped backslash followed by the letters <c>u0000</c> is text and stays as it is.
    /// </summary>
    [return: NotNullIfNotNull(nameof(json))]
    public static string? JsonWithoutNul(string? json)
    {
        if (json is null || json.IndexOf(NulEscape, StringComparison.OrdinalIgnoreCase) < 0)
            return json;
        var result = new System.Text.StringBuilder(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c == '\\' && i + 1 < json.Length)
            {
                if (string.Compare(json, i, NulEscape, 0, NulEscape.Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    result.Append("\\uFFFD");
                    i += NulEscape.Length - 1;
                    continue;
                }
                result.Append(c).Append(json[i + 1]); // any other escape, including an escaped backslash, as it is
                i++;
                continue;
            }
            result.Append(c);
        }
        return result.ToString();
    }
}
