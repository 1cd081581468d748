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
            RuleKinds.Structuring => ReadStructuring(pack, p, path, what),
            RuleKinds.Velocity => ReadVelocity(pack, p, path, what),
            RuleKinds.HighRiskCountry => ReadHighRiskCountry(pack, p, path, what, lists),
            RuleKinds.TravelRule => ReadTravelRule(pack, p, path, what),
            RuleKinds.CrossBorderDataTransfer => ReadCrossBorderDataTransfer(pack, p, path, what, lists),
            RuleKinds.PiiInText => ReadPiiInText(pack, p, path, what),
            _ => throw pack.Fail(path, $"{what}: unknown rule kind '{kind}'"),
        };
    }

    private static ThresholdParameters ReadThreshold(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "amount", "op", "channels", "currency");

        var amount = RequiredAmount(pack, p, "amount", path, what);
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

    private static StructuringParameters ReadStructuring(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "threshold", "floor", "minCount", "window", "op", "channels", "currency");
        var threshold = RequiredAmount(pack, p, "threshold", path, what);
        if (threshold <= 0)
            throw pack.Fail($"{path}.threshold", $"{what}: param 'threshold' must be > 0");
        var floor = RequiredAmount(pack, p, "floor", path, what);
        if (floor < 0 || floor >= threshold)
            throw pack.Fail($"{path}.floor", $"{what}: param 'floor' must be >= 0 and below 'threshold' ({threshold})");
        var minCount = RequiredNumber(pack, p, "minCount", path, what);
        if (minCount < 2 || minCount > MaxMinCount || minCount != decimal.Truncate(minCount))
            throw pack.Fail($"{path}.minCount", $"{what}: param 'minCount' must be a whole number from 2 to 10000");
        var window = RequiredWindow(pack, p, path, what);
        var op = ReadOperator(pack, p, path, what);
        var currency = ReadCurrency(pack, p, path, what);
        var channels = ReadStrings(pack, p, "channels", path, what, ChannelNames.Parse, "cash, card, wire, ach, sepa, crypto or other")
            ?? [PaymentChannel.Cash];
        return new StructuringParameters(threshold, floor, (int)minCount, window, op, channels, currency);
    }

    private static VelocityParameters ReadVelocity(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "window", "maxCount", "maxAmount", "channels", "currency");
        var window = RequiredWindow(pack, p, path, what);
        int? maxCount = null;
        if (p.TryGetProperty("maxCount", out _))
        {
            var n = RequiredNumber(pack, p, "maxCount", path, what);
            if (n < 1 || n > MaxMaxCount || n != decimal.Truncate(n))
                throw pack.Fail($"{path}.maxCount", $"{what}: param 'maxCount' must be a whole number from 1 to 1000000");
            maxCount = (int)n;
        }
        decimal? maxAmount = null;
        if (p.TryGetProperty("maxAmount", out _))
        {
            maxAmount = RequiredAmount(pack, p, "maxAmount", path, what);
            if (maxAmount <= 0)
                throw pack.Fail($"{path}.maxAmount", $"{what}: param 'maxAmount' must be > 0");
        }
        if (maxCount is null && maxAmount is null)
            throw pack.Fail(path, $"{what}: a velocity rule needs 'maxCount', 'maxAmount' or both");
        var currency = ReadCurrency(pack, p, path, what);
        var channels = ReadStrings(pack, p, "channels", path, what, ChannelNames.Parse, "cash, card, wire, ach, sepa, crypto or other")
            ?? AllChannels;
        return new VelocityParameters(window, maxCount, maxAmount, channels, currency);
    }

    private static readonly PaymentChannel[] AllChannels = Enum.GetValues<PaymentChannel>();

    private static HighRiskCountryParameters ReadHighRiskCountry(
        PackReader pack, JsonElement p, string path, string what, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        pack.RejectUnknown(p, path, what, "lists", "parties");
        if (!p.TryGetProperty("lists", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
            throw pack.Fail($"{path}.lists", $"{what}: param 'lists' must be a non-empty array of {{ \"list\": name, \"severity\": optional }}");
        var levels = new List<HighRiskListLevel>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"{path}.lists[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
                throw pack.Fail(at, $"{what}: each entry of 'lists' must be an object with 'list' and optional 'severity'");
            pack.RejectUnknown(item, at, what, "list", "severity");
            var name = CountryList(pack, item, "list", at, what, lists);
            Severity? severity = null;
            if (pack.OptionalString(item, "severity", at, what) is { } text)
                severity = PackReader.ParseSeverity(text)
                    ?? throw pack.Fail($"{at}.severity", $"{what}: bad severity '{text}' (expected low, medium, high or critical)");
            levels.Add(new HighRiskListLevel(name, severity));
            index++;
        }
        var parties = ReadStrings(pack, p, "parties", path, what, ParseParty, "originator or beneficiary")
            ?? [PartyRole.Originator, PartyRole.Beneficiary];
        return new HighRiskCountryParameters(levels, parties);
    }

    private static TravelRuleParameters ReadTravelRule(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "amount", "channels", "currency");
        var amount = RequiredAmount(pack, p, "amount", path, what);
        if (amount < 0)
            throw pack.Fail($"{path}.amount", $"{what}: param 'amount' must be >= 0 (0: any amount)");
        var currency = ReadCurrency(pack, p, path, what);
        var channels = ReadStrings(pack, p, "channels", path, what, ChannelNames.Parse, "cash, card, wire, ach, sepa, crypto or other")
            ?? [PaymentChannel.Wire, PaymentChannel.Sepa, PaymentChannel.Ach, PaymentChannel.Crypto];
        return new TravelRuleParameters(amount, channels, currency);
    }

    private static CrossBorderDataTransferParameters ReadCrossBorderDataTransfer(
        PackReader pack, JsonElement p, string path, string what, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        pack.RejectUnknown(p, path, what, "protectedRegions", "adequateRegions");
        var protectedRegions = ListName(pack, p, "protectedRegions", path, what, lists);
        var adequateRegions = ListName(pack, p, "adequateRegions", path, what, lists);
        return new CrossBorderDataTransferParameters(protectedRegions, adequateRegions);
    }

    private static PiiInTextParameters ReadPiiInText(PackReader pack, JsonElement p, string path, string what)
    {
        pack.RejectUnknown(p, path, what, "kinds");
        var kinds = ReadStrings(pack, p, "kinds", path, what, PiiKindNames.Parse, "card-number, iban, ssn or email");
        var mask = PiiKinds.None;
        foreach (var kind in kinds ?? [PiiKinds.All])
            mask |= kind;
        return new PiiInTextParameters(mask);
    }

    private static TimeSpan RequiredWindow(PackReader pack, JsonElement p, string path, string what)
    {
        if (!p.TryGetProperty("window", out var value))
            throw pack.Fail($"{path}.window", $"{what}: missing param 'window'");
        var ok = value.ValueKind switch
        {
            JsonValueKind.String => DurationText.TryParse(value.GetString(), out var parsed) ? parsed : (TimeSpan?)null,
            JsonValueKind.Number when value.TryGetDecimal(out var seconds) && DurationText.TryFromSeconds(seconds, out var fromSeconds) => fromSeconds,
            _ => null,
        };
        if (ok is not { } window || window <= TimeSpan.Zero || window > MaxWindow)
            throw pack.Fail($"{path}.window", $"{what}: param 'window' must be an ISO-8601 duration (PT10M, P1D) or seconds, > 0 and at most 31 days, got {value}");
        return window;
    }

    /// <summary>Largest <c>minCount</c> of a structuring rule (packs and overrides).</summary>
    public const int MaxMinCount = 10_000;

    /// <summary>Largest <c>maxCount</c> of a velocity rule (packs and overrides).</summary>
    public const int MaxMaxCount = 1_000_000;

    /// <summary>Windows longer than this would make the per-entity state unbounded in practice.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    private static ThresholdOperator ReadOperator(PackReader pack, JsonElement p, string path, string what) =>
        pack.OptionalString(p, "op", path, what) switch
        {
            null or ">=" => ThresholdOperator.GreaterOrEqual,
            ">" => ThresholdOperator.GreaterThan,
            var other => throw pack.Fail($"{path}.op", $"{what}: param 'op' must be \">=\" or \">\", got \"{other}\""),
        };

    private static string? ReadCurrency(PackReader pack, JsonElement p, string path, string what)
    {
        var currency = pack.OptionalString(p, "currency", path, what);
        if (currency is not null && !PackReader.IsCode(currency, 3, 3))
            throw pack.Fail($"{path}.currency", $"{what}: param 'currency' '{currency}' is not an ISO 4217 code");
        return currency;
    }

    /// <summary>A required list name that the pack defines.</summary>
    private static string ListName(PackReader pack, JsonElement p, string name, string path, string what, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        if (!p.TryGetProperty(name, out _))
            throw pack.Fail($"{path}.{name}", $"{what}: missing param '{name}'");
        var listName = pack.RequiredString(p, name, path, what);
        if (!lists.ContainsKey(listName))
        {
            var known = lists.Count == 0 ? "the pack has no lists" : $"pack lists: {string.Join(", ", lists.Keys)}";
            throw pack.Fail($"{path}.{name}", $"{what}: unknown list name '{listName}' ({known})");
        }
        return listName;
    }

    /// <summary>As <see cref="ListName"/>, and every value of the list must be an ISO 3166-1 alpha-2 country code.</summary>
    private static string CountryList(PackReader pack, JsonElement p, string name, string path, string what, IReadOnlyDictionary<string, ReferenceList> lists)
    {
        var listName = ListName(pack, p, name, path, what, lists);
        var list = lists[listName];
        for (var i = 0; i < list.Values.Count; i++)
        {
            if (!PackReader.IsCode(list.Values[i], 2, 2))
                throw pack.Fail($"$.lists.{listName}.values", $"list '{listName}': '{list.Values[i]}' is not an ISO 3166-1 alpha-2 country code");
        }
        return listName;
    }

    private static decimal RequiredNumber(PackReader pack, JsonElement p, string name, string path, string what)
    {
        if (!p.TryGetProperty(name, out var value))
            throw pack.Fail($"{path}.{name}", $"{what}: missing param '{name}'");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            throw pack.Fail($"{path}.{name}", $"{what}: param '{name}' must be a number");
        return number;
    }

    /// <summary>A money param within <see cref="AmountBounds"/> (the rules compute in cents of a long).</summary>
    private static decimal RequiredAmount(PackReader pack, JsonElement p, string name, string path, string what)
    {
        var amount = RequiredNumber(pack, p, name, path, what);
        if (amount > AmountBounds.MaxAmount)
            throw pack.Fail($"{path}.{name}", $"{what}: param '{name}' must be at most {AmountBounds.MaxAmountText}");
        if (!AmountBounds.HasAllowedScale(amount))
            throw pack.Fail($"{path}.{name}", $"{what}: param '{name}' must have at most {AmountBounds.MaxDecimalPlaces} decimal places");
        return amount;
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
