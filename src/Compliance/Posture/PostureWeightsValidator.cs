namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// The constraints a tenant's weights must meet (EBA ML/TF risk-factor guidelines, EBA/GL/2021/02 §§ 2.x: a firm's
/// weighting must not let one factor dominate, must keep the highest risk reachable, and must not weigh away factors
/// the law treats as always high-risk). Each refusal says which rule and which weight.
/// </summary>
public static class PostureWeightsValidator
{
    public const int MinFamilyPercent = 10;
    public const int MaxFamilyPercent = 50;
    public const int MinIndicatorWeight = 1;
    public const int MaxIndicatorWeight = 10;

    /// <summary>No indicator may carry more than half its family when the family has at least this many indicators.</summary>
    public const int MaxIndicatorSharePercent = 50;

    public static IReadOnlyList<string> Validate(PostureWeights weights)
    {
        var errors = new List<string>();
        foreach (var family in Enum.GetValues<RiskFactorFamily>())
        {
            if (!weights.Families.TryGetValue(family, out var percent))
                errors.Add($"families.{Name(family)}: required (every factor family carries weight)");
            else if (percent < MinFamilyPercent || percent > MaxFamilyPercent)
                errors.Add($"families.{Name(family)}: {percent} % is outside {MinFamilyPercent}–{MaxFamilyPercent} % (no family may dominate or be weighted away)");
        }
        var sum = weights.Families.Values.Sum();
        if (sum != 100)
            errors.Add($"families: weights sum to {sum} %, must be 100 %");

        foreach (var (id, weight) in weights.Indicators)
        {
            if (id == IndicatorIds.CallForActionShare)
                errors.Add($"indicators.{id}: cannot be weighted (exposure to FATF call-for-action countries is high risk by law, whatever the weights)");
            else if (!IsKnown(id))
                errors.Add($"indicators.{id}: unknown indicator (known: {string.Join(", ", IndicatorIds.Fixed)}, alerts.<ruleKind>-rate)");
            else if (weight < MinIndicatorWeight || weight > MaxIndicatorWeight)
                errors.Add($"indicators.{id}: {weight} is outside {MinIndicatorWeight}–{MaxIndicatorWeight}");
        }
        if (errors.Count > 0)
            return errors;

        // Within a family of fixed indicators, none may carry more than half of the family's weight.
        foreach (var family in IndicatorCatalog.FixedByFamily)
        {
            if (family.Value.Count < 3)
                continue;
            var total = family.Value.Sum(weights.WeightOf);
            foreach (var id in family.Value)
            {
                if (weights.WeightOf(id) * 100 > total * MaxIndicatorSharePercent)
                    errors.Add($"indicators.{id}: {weights.WeightOf(id)} of {total} in {Name(family.Key)} exceeds {MaxIndicatorSharePercent} % of the family");
            }
        }

        // High must stay reachable: with every family at 4 but the heaviest at "substantial" (3), the weighted mean must
        // still reach the high band, so no single family can veto a high classification (holds for any weights within
        // the bounds above: 4 - 0.5 = 3.5 >= 3.25; checked here so that changing the bounds cannot silently break it).
        var heaviest = weights.Families.Values.Max();
        var oneFamilyLower = (4m * (100 - heaviest) + 3m * heaviest) / 100m;
        if (oneFamilyLower < ScoreBands.HighFrom)
            errors.Add($"families: with the heaviest family at {heaviest} % one family alone could keep the class below high");
        return errors;
    }

    private static bool IsKnown(string id) =>
        IndicatorIds.Fixed.Contains(id) || (id.StartsWith("alerts.", StringComparison.Ordinal) && id.EndsWith("-rate", StringComparison.Ordinal) && id.Length > "alerts.-rate".Length);

    public static string Name(RiskFactorFamily family) => family switch
    {
        RiskFactorFamily.Customers => "customers",
        RiskFactorFamily.ProductsTransactions => "productsTransactions",
        RiskFactorFamily.Channels => "channels",
        _ => "geography",
    };
}
