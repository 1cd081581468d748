using System.Text.Json;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Rules;

/// <summary>Reads a rule's <c>params</c> into the typed parameters of its kind, with defaults spelt out here.</summary>
internal static class RuleParametersReader
{
    private static readonly JsonElement EmptyObject = ParseEmptyObject();

    private static JsonElement ParseEmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    public static RuleParameters Read(
        PackReader pack, string kind, JsonElement? parameters, string path, string what, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        // A kind whose params are all required still gets "missing param 'x'" when the object is absent.
        var p = parameters ?? EmptyObject;
        return kind switch
        {
            RuleKinds.Threshold => ReadThreshold(pack, p, path, what),
            RuleKinds.SanctionedCountry => ReadSanctionedCountry(pack, p, path, what, lists),
            RuleKinds.ModelScore => ReadModelScore(pack, p, path, what),
            _ => throw pack.Fail(path, $"{what}: unknown rule kind '{kind}'"),
        };
    }

    private static ThresholdParameters ReadThreshold(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "amount", "op", "channels", "currency");

        var amount = RequiredNumber(pack, p, "amount", path, what);
        if (amount <= 0)
            throw pack.Fail($"{path}.amount", $"{what}: param 'amount' must be > 0");

        var op = pack.OptionalString(p, "op", path, what) switch
        {
            null or ">=" => ThresholdOperator.GreaterOrEqual,
            ">" => ThresholdOperator.GreaterThan,
            var other => throw pack.Fail($"{path}.op", $"{what}: param 'op' must be \">=\" or \">\", got \"{other}\""),
        };

        var currency = pack.OptionalString(p, "currency", path, what);
        if (currency is not null && !PackReader.IsCode(currency, 3, 3))
            throw pack.Fail($"{path}.currency", $"{what}: param 'currency' '{currency}' is not an ISO 4217 code");

        var channels = ReadStrings(pack, p, "channels", path, what, ChannelNames.Parse, "cash, card, wire, ach, sepa, crypto or other")
            ?? [PaymentChannel.Cash];
        return new ThresholdParameters(amount, op, channels, currency);
    }

    private static SanctionedCountryParameters ReadSanctionedCountry(
        PackReader pack, JsonElement p, string path, string what, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        pack.RejectUnknown(p, path, what, "list", "parties");

        if (!p.TryGetProperty("list", out _))
            throw pack.Fail($"{path}.list", $"{what}: missing param 'list'");
        var listName = pack.RequiredString(p, "list", path, what);
        if (!lists.TryGetValue(listName, out var list))
        {
            var known = lists.Count == 0 ? "the pack has no lists" : $"pack lists: {string.Join(", ", lists.Keys)}";
            throw pack.Fail($"{path}.list", $"{what}: unknown list name '{listName}' ({known})");
        }
        for (var i = 0; i < list.Values.Count; i++)
        {
            if (!PackReader.IsCode(list.Values[i], 2, 2))
                throw pack.Fail($"$.lists.{listName}.values", $"list '{listName}': '{list.Values[i]}' is not an ISO 3166-1 alpha-2 country code");
        }

        var parties = ReadStrings(pack, p, "parties", path, what, ParseParty, "originator or beneficiary")
            ?? [PartyRole.Originator, PartyRole.Beneficiary];
        return new SanctionedCountryParameters(listName, parties);
    }

    private static ModelScoreParameters ReadModelScore(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "threshold");
        var threshold = RequiredNumber(pack, p, "threshold", path, what);
        if (threshold is < 0 or > 1)
            throw pack.Fail($"{path}.threshold", $"{what}: param 'threshold' must be within 0..1 (a model score)");
        return new ModelScoreParameters((double)threshold);
    }

    private static decimal RequiredNumber(PackReader pack, JsonElement p, string name, string path, string what)
    {
        if (!p.TryGetProperty(name, out var value))
            throw pack.Fail($"{path}.{name}", $"{what}: missing param '{name}'");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            throw pack.Fail($"{path}.{name}", $"{what}: param '{name}' must be a number");
        return number;
    }

    /// <summary>An optional non-empty array of distinct names; null when absent so the caller applies its default.</summary>
    private static T[]? ReadStrings<T>(
        PackReader pack, JsonElement p, string name, string path, string what, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (!p.TryGetProperty(name, out var array))
            return null;
        if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            throw pack.Fail($"{path}.{name}", $"{what}: param '{name}' must be a non-empty array");

        var result = new List<T>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            var value = text is null ? null : parse(text);
            if (value is null)
                throw pack.Fail($"{path}.{name}[{index}]", $"{what}: param '{name}' has '{item}', expected {expected}");
            if (!result.Contains(value.Value))
                result.Add(value.Value);
            index++;
        }
        return [.. result];
    }

    private static PartyRole? ParseParty(string text) => text switch
    {
        "originator" => PartyRole.Originator,
        "beneficiary" => PartyRole.Beneficiary,
        _ => null,
    };
}
