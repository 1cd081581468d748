using System.Collections.Frozen;

namespace Lepton.Monitor.Ingest;

/// <summary>Violation kinds the <see cref="TransactionGenerator"/> plants (rule kinds of PRODUCT.md §4), and the country lists behind them.</summary>
public static class PlantedKinds
{
    /// <summary>Cash ≥ 20,000 in USD/EUR/GBP: crosses every pack's cash threshold (US 10,000 USD, EU 10,000 EUR, GLOBAL 15,000 USD).</summary>
    public const string Threshold = "threshold";

    /// <summary>The beneficiary (or originator) is in a comprehensively sanctioned country.</summary>
    public const string SanctionedCountry = "sanctioned-country";

    /// <summary>Countries used for <see cref="SanctionedCountry"/> plants.</summary>
    public static FrozenSet<string> SanctionedCountries { get; } = FrozenSet.Create(StringComparer.Ordinal, "KP", "IR", "SY", "CU");

    /// <summary>
    /// Countries clean records never use: the sanctioned ones plus those on common sanctions / high-risk lists,
    /// so that clean records cannot trip a sanctioned-country or high-risk-country rule.
    /// </summary>
    public static FrozenSet<string> AvoidedCountries { get; } = FrozenSet.Create(StringComparer.Ordinal,
        "KP", "IR", "SY", "CU", "RU", "BY", "MM", "AF", "YE", "VE");

    /// <summary>Clean cash amounts stay below this (in their own currency).</summary>
    public const decimal CleanCashCeiling = 5_000m;

    /// <summary>Threshold plants are at least this (in USD, EUR or GBP).</summary>
    public const decimal ThresholdPlantFloor = 20_000m;
}
