using System.Diagnostics.CodeAnalysis;

namespace Lepton.Monitor.Storage.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000 (SQLite can): a NUL is stored as U+FFFD, so nothing is refused or dropped for
/// the byte that made a record bad.
/// </summary>
internal static class PostgresText
{
    [return: NotNullIfNotNull(nameof(text))]
    public static string? WithoutNul(string? text) => text is not null && text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;
}
