using System.Text;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>
/// RFC 4180 CSV of <see cref="AlertExportRow"/>s (UTF-8, CRLF, quoted where needed). A text cell that a spreadsheet
/// would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe (OWASP "CSV injection"):
/// alert text can carry what a record's sender wrote.
/// </summary>
public static class AlertCsvWriter
{
    public static readonly string[] Header =
    [
        "id", "tenant", "jurisdiction", "kind", "ruleId", "ruleKind", "legalSource", "severity", "status", "disposition",
        "firstSeen", "lastSeen", "updatedAt", "count", "entity", "assignee", "comments", "version", "summary",
    ];

    public static async Task WriteAsync(TextWriter writer, IAsyncEnumerable<AlertExportRow> rows, CancellationToken ct = default)
    {
        await writer.WriteAsync(string.Join(',', Header) + "\r\n");
        await foreach (var r in rows.WithCancellation(ct))
        {
            string?[] cells =
            [
                r.Id, r.Tenant, r.Jurisdiction, r.Kind, r.RuleId, r.RuleKind, r.LegalSource, r.Severity, r.Status, r.Disposition,
                Time(r.FirstSeen), Time(r.LastSeen), Time(r.UpdatedAt), r.Count.ToString(CultureInfo.InvariantCulture), r.Entity,
                r.Assignee, r.Comments.ToString(CultureInfo.InvariantCulture), r.Version.ToString(CultureInfo.InvariantCulture), r.Summary,
            ];
            await writer.WriteAsync(string.Join(',', cells.Select(Cell)) + "\r\n");
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            return value;
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
            quoted.Append(c == '"' ? "\"\"" : c.ToString());
        return quoted.Append('"').ToString();
    }
}
