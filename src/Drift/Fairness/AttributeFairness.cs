using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Drift.Fairness;

/// <summary>
/// One sensitive attribute in one check: alert rate per group, the lowest and highest eligible groups, their ratio
/// (Fairlearn's demographic_parity_ratio over alert rates) and difference (demographic_parity_difference), whether the
/// four-fifths rule is broken with a significant gap (<see cref="ZScore"/>), and what that did to the attribute's alert
/// episode. Ratio is 1 and the groups are null when fewer than two groups are eligible; a highest rate of 0 also gives
/// ratio 1 (nobody is alerted).
/// </summary>
public sealed record AttributeFairness(
    string Attribute,
    IReadOnlyList<GroupAlertRate> Groups,
    GroupAlertRate? LowestGroup,
    GroupAlertRate? HighestGroup,
    double RateRatio,
    double ParityDifference,
    bool Finding,
    EpisodeTransition Transition,
    long EpisodeNumber)
{
    /// <summary>Two-proportion z statistic of the highest over the lowest eligible group (0 when fewer than two are eligible).</summary>
    public double ZScore { get; init; }

    /// <summary>A sentence for the alert's explanation.</summary>
    public string Describe() => Finding && LowestGroup is not null && HighestGroup is not null
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Attribute}: alert rate of '{LowestGroup.Group}' {LowestGroup.Rate:P2} ({LowestGroup.Alerted}/{LowestGroup.Records}) is {RateRatio:0.000} of '{HighestGroup.Group}' {HighestGroup.Rate:P2} ({HighestGroup.Alerted}/{HighestGroup.Records}), below the four-fifths rule (z = {ZScore:0.00}); parity difference {ParityDifference:0.0000}")
        : $"{Attribute}: no four-fifths finding";
}
