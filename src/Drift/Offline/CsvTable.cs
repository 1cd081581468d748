using System.Text;

namespace Lepton.Monitor.Drift.Offline;

/// <summary>
/// A CSV file read whole: a header row naming the columns, then rows of the same width (RFC 4180: comma-separated,
/// fields may be double-quoted, "" is a literal quote, quoted fields may hold commas and line breaks). Leading UTF-8
/// BOM and a trailing empty line are accepted; any other row of the wrong width is an error naming its line.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string source, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Source = source;
        Header = header;
        Rows = rows;
    }

    /// <summary>Where the table came from (a path), for messages.</summary>
    public string Source { get; }
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    public static CsvTable ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new DriftInputException($"{path}: file not found");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    public static CsvTable Read(TextReader reader, string source)
    {
        var records = new List<(int Line, string[] Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var afterClosingQuote = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else
                    {
                        inQuotes = false;
                        afterClosingQuote = true;
                    }
                }
                else
                {
                    if (ch == '\n') line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new DriftInputException($"{source} line {line}: a quote inside an unquoted field");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = afterClosingQuote = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = afterClosingQuote = false;
                    records.Add((recordLine, [.. fields]));
                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (afterClosingQuote)
                        throw new DriftInputException($"{source} line {line}: text after a closing quote");
                    field.Append(ch);
                    break;
            }
        }
        if (inQuotes)
            throw new DriftInputException($"{source} line {recordLine}: a quoted field is not closed");
        if (field.Length > 0 || fields.Count > 0 || fieldStarted)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, [.. fields]));
        }
        if (records.Count == 0)
            throw new DriftInputException($"{source}: empty file, a header row is required");
        var header = records[0].Fields;
        if (header.Length > 0 && header[0].Length > 0 && header[0][0] == '\uFEFF')
            header[0] = header[0][1..];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in header)
            if (!seen.Add(h.Trim()))
                throw new DriftInputException($"{source} line 1: column '{h}' appears twice in the header");
        var rows = new List<string[]>(records.Count - 1);
        for (var i = 1; i < records.Count; i++)
        {
            var (n, row) = records[i];
            if (row.Length == 1 && row[0].Length == 0)
                continue;
            if (row.Length != header.Length)
                throw new DriftInputException($"{source} line {n}: expected {header.Length} fields as in the header, found {row.Length}");
            rows.Add(row);
        }
        return new CsvTable(source, [.. header.Select(h => h.Trim())], rows);
    }

    public int ColumnIndex(string name)
    {
        for (var i = 0; i < Header.Count; i++)
            if (Header[i] == name) return i;
        return -1;
    }

    /// <summary>A column's non-empty values, trimmed, in row order (an empty value is missing, not a value).</summary>
    public List<string> Values(int column)
    {
        var values = new List<string>(Rows.Count);
        foreach (var row in Rows)
        {
            var v = row[column].Trim();
            if (v.Length > 0) values.Add(v);
        }
        return values;
    }
}
