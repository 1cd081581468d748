namespace Lepton.Monitor.Compliance.Posture;

/// <summary>
/// A vendored extract of the Basel AML Index (Basel Institute on Governance), 0 = lowest to 10 = highest ML/TF risk.
/// Only the scores published in the edition's public top-10/bottom list are held (docs/posture-methodology.md names
/// the sources); a country outside the extract scores <see cref="UnlistedScore"/>, which is not an index figure but a
/// mid-scale default, and the assessment says how much exposure fell on unlisted countries.
/// </summary>
public static class BaselAmlIndex
{
    public const string Edition = "Basel AML Index 2024, 13th public edition (published 2 December 2024)";
    public const string Source = "Basel Institute on Governance, https://index.baselgovernance.org/ranking (extract as reported by AML Intelligence and AML Watcher, December 2024)";

    /// <summary>Score used for countries outside the extract.</summary>
    public const decimal UnlistedScore = 5.0m;

    public static readonly IReadOnlyDictionary<string, decimal> Scores = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase)
    {
        // Lowest risk (top 10).
        ["SM"] = 2.96m, ["IS"] = 3.00m, ["FI"] = 3.07m, ["EE"] = 3.16m, ["AD"] = 3.29m,
        ["SE"] = 3.45m, ["DK"] = 3.50m, ["SI"] = 3.54m, ["LT"] = 3.54m, ["GR"] = 3.66m,
        // Highest risk (bottom of the ranking).
        ["MM"] = 8.17m, ["HT"] = 7.92m, ["CD"] = 7.73m, ["TD"] = 7.60m, ["VE"] = 7.59m,
        ["LA"] = 7.53m, ["CF"] = 7.49m,
    };

    public static decimal ScoreOf(string country) => Scores.GetValueOrDefault(country, UnlistedScore);

    public static bool IsListed(string country) => Scores.ContainsKey(country);
}
