using System.Globalization;
using System.Text.Json;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>
/// Reads one pack document into a <see cref="RulePack"/>, checking everything a typo could break: unknown fields,
/// kinds and list names, missing legal sources and params, duplicate ids. Strict on purpose: a misspelt
/// param must stop the load, not silently turn a compliance rule off.
/// </summary>
internal sealed class PackReader
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly string _file;
    private readonly JsonLineMap _lines;

    private PackReader(string file, JsonLineMap lines)
    {
        _file = file;
        _lines = lines;
    }

    /// <summary>Parses and validates; <paramref name="file"/> is only used in messages and as the pack's source path.</summary>
    public static (RulePack Pack, JsonLineMap Lines) Read(string file, ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
            utf8 = utf8[3..];

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            var (line, reason) = JsonLineMap.DescribeParseError(e, utf8.Span, ReaderOptions);
            throw new RulePackException(file, line, $"invalid JSON: {reason}", e);
        }

        using (document)
        {
            var reader = new PackReader(file, JsonLineMap.Build(utf8.Span, ReaderOptions));
            return (reader.ReadPack(document.RootElement), reader._lines);
        }
    }

    public RulePackException Fail(string path, string reason) => new(_file, _lines.LineOf(path), reason);

    private RulePack ReadPack(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw Fail("$", "a rule pack must be a JSON object");
        RejectUnknown(root, "$", null, "jurisdiction", "name", "currency", "version", "description", "lists", "rules");

        var jurisdiction = RequiredString(root, "jurisdiction", "$", null);
        if (!IsCode(jurisdiction, 2, 12))
            throw Fail("$.jurisdiction", $"jurisdiction '{jurisdiction}' must be 2 to 12 upper-case letters (e.g. US, EU, GLOBAL)");
        var name = RequiredString(root, "name", "$", null);
        var currency = RequiredString(root, "currency", "$", null);
        if (!IsCode(currency, 3, 3))
            throw Fail("$.currency", $"currency '{currency}' is not an ISO 4217 code");
        var version = RequiredString(root, "version", "$", null);
        var description = OptionalString(root, "description", "$", null);

        var lists = ReadLists(root);
        var rules = ReadRules(root, lists);
        return new RulePack(jurisdiction, name, currency, version, lists, rules, description, _file);
    }

    private Dictionary<string, ReferenceList> ReadLists(JsonElement root)
    {
        var lists = new Dictionary<string, ReferenceList>(StringComparer.Ordinal);
        if (!root.TryGetProperty("lists", out var element))
            return lists;
        if (element.ValueKind != JsonValueKind.Object)
            throw Fail("$.lists", "'lists' must be an object of named lists");

        foreach (var property in element.EnumerateObject())
        {
            if (!IsListName(property.Name))
                throw Fail("$.lists", $"list name '{property.Name}' must start with a letter and hold only letters, digits, '-' or '_'");
            var path = $"$.lists.{property.Name}";
            var what = $"list '{property.Name}'";
            var list = property.Value;
            if (list.ValueKind != JsonValueKind.Object)
                throw Fail(path, $"{what} must be an object with asOf, source and values");
            RejectUnknown(list, path, what, "asOf", "source", "note", "values");

            var asOfText = RequiredString(list, "asOf", path, what);
            if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
                throw Fail($"{path}.asOf", $"{what}: asOf '{asOfText}' is not a date (yyyy-MM-dd)");
            var source = RequiredString(list, "source", path, what);
            var note = OptionalString(list, "note", path, what);

            if (!list.TryGetProperty("values", out var values))
                throw Fail($"{path}.values", $"{what}: missing 'values'");
            if (values.ValueKind != JsonValueKind.Array)
                throw Fail($"{path}.values", $"{what}: 'values' must be an array of strings");
            var items = new List<string>();
            var index = 0;
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
                    throw Fail($"{path}.values[{index}]", $"{what}: values must be non-empty strings");
                items.Add(value.GetString()!);
                index++;
            }
            lists.Add(property.Name, new ReferenceList(property.Name, asOf, source, items, note));
        }
        return lists;
    }

    private List<RuleDefinition> ReadRules(JsonElement root, Dictionary<string, ReferenceList> lists)
    {
        if (!root.TryGetProperty("rules", out var element))
            throw Fail("$.rules", "missing 'rules'");
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            throw Fail("$.rules", "'rules' must be a non-empty array");

        var rules = new List<RuleDefinition>();
        var firstPathById = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var rule in element.EnumerateArray())
        {
            var path = $"$.rules[{index}]";
            if (rule.ValueKind != JsonValueKind.Object)
                throw Fail(path, $"rule #{index + 1} must be an object");

            var id = RequiredString(rule, "id", path, $"rule #{index + 1}");
            if (!IsRuleId(id))
                throw Fail($"{path}.id", $"rule id '{id}' must be 1 to 64 of a-z, 0-9, '-', '.', '_' starting with a letter or digit");
            if (!firstPathById.TryAdd(id, path))
                throw Fail($"{path}.id", $"duplicate rule id '{id}' (first defined on line {_lines.LineOf(firstPathById[id])})");

            var what = $"rule '{id}'";
            RejectUnknown(rule, path, what, "id", "kind", "severity", "legalSource", "description", "enabled", "params");

            var kind = RequiredString(rule, "kind", path, what);
            if (!RuleKinds.IsKnown(kind))
                throw Fail($"{path}.kind", $"{what}: unknown rule kind '{kind}' (known: {string.Join(", ", RuleKinds.All)})");

            var severityText = RequiredString(rule, "severity", path, what);
            var severity = ParseSeverity(severityText)
                ?? throw Fail($"{path}.severity", $"{what}: bad severity '{severityText}' (expected low, medium, high or critical)");

            var legalSource = OptionalString(rule, "legalSource", path, what);
            if (string.IsNullOrWhiteSpace(legalSource))
                throw Fail($"{path}.legalSource", $"{what}: missing legalSource (every rule must cite the law it implements)");

            var description = OptionalString(rule, "description", path, what);
            var enabled = true;
            if (rule.TryGetProperty("enabled", out var enabledElement))
            {
                if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw Fail($"{path}.enabled", $"{what}: 'enabled' must be true or false");
                enabled = enabledElement.GetBoolean();
            }

            JsonElement? parameters = null;
            if (rule.TryGetProperty("params", out var paramsElement))
            {
                if (paramsElement.ValueKind != JsonValueKind.Object)
                    throw Fail($"{path}.params", $"{what}: 'params' must be an object");
                parameters = paramsElement;
            }
            var typed = RuleParametersReader.Read(this, kind, parameters, $"{path}.params", what, lists);
            rules.Add(new RuleDefinition(id, severity, legalSource, description, enabled, typed));
            index++;
        }
        return rules;
    }

    /// <summary>Refuses properties outside <paramref name="allowed"/>: a misspelt key would otherwise be ignored.</summary>
    public void RejectUnknown(JsonElement obj, string path, string? what, params ReadOnlySpan<string> allowed)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
                throw Fail($"{path}.{property.Name}", $"{Prefix(what)}unknown property '{property.Name}' (allowed: {string.Join(", ", allowed.ToArray())})");
        }
    }

    public string RequiredString(JsonElement obj, string name, string path, string? what) =>
        OptionalString(obj, name, path, what) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw Fail($"{path}.{name}", $"{Prefix(what)}missing '{name}'");

    public string? OptionalString(JsonElement obj, string name, string path, string? what)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.String)
            throw Fail($"{path}.{name}", $"{Prefix(what)}'{name}' must be a string");
        return value.GetString();
    }

    public static bool IsCode(string value, int minLength, int maxLength)
    {
        if (value.Length < minLength || value.Length > maxLength)
            return false;
        foreach (var c in value)
        {
            if (c is < 'A' or > 'Z')
                return false;
        }
        return true;
    }

    private static bool IsRuleId(string id)
    {
        if (id.Length is 0 or > 64 || !char.IsAsciiLetterLower(id[0]) && !char.IsAsciiDigit(id[0]))
            return false;
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('-' or '.' or '_'))
                return false;
        }
        return true;
    }

    private static bool IsListName(string name)
    {
        if (name.Length is 0 or > 64 || !char.IsAsciiLetter(name[0]))
            return false;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
                return false;
        }
        return true;
    }

    public static Severity? ParseSeverity(string text) => text.ToLowerInvariant() switch
    {
        "low" => Severity.Low,
        "medium" => Severity.Medium,
        "high" => Severity.High,
        "critical" => Severity.Critical,
        _ => null,
    };

    private static string Prefix(string? what) => what is null ? "" : $"{what}: ";
}
