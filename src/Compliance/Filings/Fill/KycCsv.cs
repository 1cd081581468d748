using System.Text;

namespace Lepton.Monitor.Compliance.Filings.Fill;

/// <summary>
/// The institution's KYC extract for `lepton report fill`: a CSV (RFC 4180 quoting, UTF-8) whose header names
/// <c>customer_id</c> and any of the identity columns below, one row per customer. Raw identities: it is read on the
/// institution's side and never sent to the product.
/// </summary>
public static class KycCsv
{
    public const string CustomerId = "customer_id";

    /// <summary>The identity columns, as <see cref="KycIdentity"/> names them.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "first_name", "last_name", "entity_name", "birth_date", "id_type", "id_number", "id_country",
        "street", "city", "state", "zip", "country", "occupation",
    ];

    /// <summary>Raw customer id → identity. Throws <see cref="FormatException"/> naming the line and column on bad input.</summary>
    public static IReadOnlyDictionary<string, KycIdentity> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = ReadRecords(reader).ToList();
        if (rows.Count == 0)
            throw new FormatException($"line 1: the KYC file is empty; its header needs {CustomerId} and some of {string.Join(", ", Columns)}");
        var header = rows[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var idColumn = Array.IndexOf(header, CustomerId);
        if (idColumn < 0)
            throw new FormatException($"line 1: no {CustomerId} column in the header ({string.Join(", ", header)})");
        foreach (var name in header)
        {
            if (name != CustomerId && !Columns.Contains(name))
                throw new FormatException($"line 1: unknown column '{name}'; known: {CustomerId}, {string.Join(", ", Columns)}");
        }
        if (header.Distinct().Count() != header.Length)
            throw new FormatException("line 1: a column is named twice");
        var byId = new Dictionary<string, KycIdentity>(StringComparer.Ordinal);
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Length == 0)
                continue;
            if (fields.Length != header.Length)
                throw new FormatException($"line {line}: {fields.Length} fields, the header has {header.Length}");
            string? Get(string column) => Array.IndexOf(header, column) is var i and >= 0 && fields[i].Trim() is { Length: > 0 } v ? v : null;
            var id = fields[idColumn].Trim();
            if (id.Length == 0)
                throw new FormatException($"line {line}: {CustomerId} is empty");
            var birth = Get("birth_date");
            if (birth is not null && !DateOnly.TryParseExact(birth, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                throw new FormatException($"line {line}: birth_date '{birth}' is not YYYY-MM-DD");
            var identity = new KycIdentity
            {
                FirstName = Get("first_name"),
                LastName = Get("last_name"),
                EntityName = Get("entity_name"),
                IsEntity = Get("entity_name") is not null,
                BirthDate = birth,
                IdType = Get("id_type"),
                IdNumber = Get("id_number"),
                IdCountry = Get("id_country"),
                Street = Get("street"),
                City = Get("city"),
                State = Get("state"),
                Zip = Get("zip"),
                Country = Get("country"),
                Occupation = Get("occupation"),
            };
            if (!byId.TryAdd(id, identity))
                throw new FormatException($"line {line}: {CustomerId} appears twice");
        }
        return byId;
    }

    private static IEnumerable<(int Line, string[] Fields)> ReadRecords(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                        line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (start, fields.ToArray());
                    fields.Clear();
                    any = false;
                    start = ++line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (quoted)
            throw new FormatException($"line {start}: a quoted field is not closed");
        if (any)
        {
            fields.Add(field.ToString());
            yield return (start, fields.ToArray());
        }
    }
}
