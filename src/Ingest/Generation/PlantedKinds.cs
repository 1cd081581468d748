using System.Collections.Frozen;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Violation kinds the <see cref="TransactionGenerator"/> plants (the deterministic rule kinds of PRODUCT.md §4), and the
/// country lists and sizes behind them. A planted record carries the kinds whose alert must list it: for a pattern
/// (a structuring run, a velocity burst) that is every record of it — the last one completes the pattern and the alert
/// lists them all as its evidence (PRODUCT.md §5 <c>recordIds</c>).
/// </summary>
public static class PlantedKinds
{
    /// <summary>Cash ≥ 20,000 in USD/EUR/GBP: crosses every pack's cash threshold (US 10,000 USD, EU 10,000 EUR, GLOBAL 15,000 USD).</summary>
    public const string Threshold = "threshold";

    /// <summary>The beneficiary (or originator) is in a comprehensively sanctioned country (KP, IR, SY also plant <see cref="HighRiskCountry"/>).</summary>
    public const string SanctionedCountry = "sanctioned-country";

    /// <summary>
    /// <see cref="StructuringRunLength"/> cash deposits of 8,100–9,900 USD (US customer) or EUR (EU customer) by a fresh
    /// customer within a minute or two; the last one completes the pattern (US: total &gt; 10,000 USD; EU: ≥ 10,000 EUR).
    /// </summary>
    public const string Structuring = "structuring";

    /// <summary><see cref="VelocityBurstLength"/> small card payments by a fresh customer within 5 minutes; the last one exceeds 15 in 10 minutes.</summary>
    public const string Velocity = "velocity";

    /// <summary>A wire to or from a country on the FATF lists that no pack sanctions (<see cref="HighRiskCountries"/>).</summary>
    public const string HighRiskCountry = "high-risk-country";

    /// <summary>A cross-border wire of 3,500–4,900 USD (at or above every pack's travel-rule threshold) lacking one party's name or account.</summary>
    public const string TravelRule = "travel-rule";

    /// <summary>An EU (or UK) data subject's record processed in a region without an adequacy decision (<see cref="NonAdequateRegions"/>).</summary>
    public const string CrossBorderDataTransfer = "cross-border-data-transfer";

    /// <summary>A memo with a Luhn-valid card number, a valid IBAN, an SSN or an e-mail address.</summary>
    public const string PiiInText = "pii-in-text";

    /// <summary>Every kind the generator plants.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Threshold, SanctionedCountry, Structuring, Velocity, HighRiskCountry, TravelRule, CrossBorderDataTransfer, PiiInText];

    /// <summary>Countries used for <see cref="SanctionedCountry"/> plants.</summary>
    public static FrozenSet<string> SanctionedCountries { get; } = FrozenSet.Create(StringComparer.Ordinal, "KP", "IR", "SY", "CU");

    /// <summary>Sanctioned countries that are also on a FATF list, so their plants carry <see cref="HighRiskCountry"/> as well.</summary>
    public static FrozenSet<string> SanctionedAndHighRisk { get; } = FrozenSet.Create(StringComparer.Ordinal, "KP", "IR", "SY");

    /// <summary>
    /// Countries used for <see cref="HighRiskCountry"/> plants: Myanmar (FATF call for action) and jurisdictions under
    /// FATF increased monitoring as of October 2025, none of them on a pack's sanctions list.
    /// </summary>
    public static FrozenSet<string> HighRiskCountries { get; } = FrozenSet.Create(StringComparer.Ordinal,
        "MM", "DZ", "AO", "BO", "CM", "CI", "CD", "HT", "KE", "LA", "LB", "MC", "NA", "NP", "SS", "VE", "VN", "VG", "YE");

    /// <summary>Processing regions of <see cref="CrossBorderDataTransfer"/> plants: on neither the EU nor the UK adequacy list.</summary>
    public static FrozenSet<string> NonAdequateRegions { get; } = FrozenSet.Create(StringComparer.Ordinal, "IN", "BR", "AU", "MX", "SG");

    /// <summary>
    /// Countries clean records never use: the sanctioned ones plus those on common sanctions / high-risk lists,
    /// so that clean records cannot trip a sanctioned-country or high-risk-country rule.
    /// </summary>
    public static FrozenSet<string> AvoidedCountries { get; } = FrozenSet.Create(StringComparer.Ordinal,
        ["KP", "IR", "SY", "CU", "RU", "BY", "AF", .. HighRiskCountries]);

    /// <summary>Clean cash amounts stay below this (in their own currency).</summary>
    public const decimal CleanCashCeiling = 5_000m;

    /// <summary>Threshold plants are at least this (in USD, EUR or GBP).</summary>
    public const decimal ThresholdPlantFloor = 20_000m;

    /// <summary>Cash deposits in one structuring plant (the shipped packs' minCount).</summary>
    public const int StructuringRunLength = 3;

    /// <summary>Card payments in one velocity plant (one more than the shipped packs' maxCount of 15).</summary>
    public const int VelocityBurstLength = 16;
}
