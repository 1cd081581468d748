using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Fairness;

public class FairnessMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static void Feed(FairnessMonitor monitor, string attribute, string group, int records, int alerted)
    {
        var attributes = new Dictionary<string, string> { [attribute] = group };
        for (var i = 0; i < records; i++)
            monitor.Observe(attributes, i < alerted);
    }

    [Fact]
    public void Four_fifths_rule_names_the_groups_and_rates()
    {
        var monitor = new FairnessMonitor(new FairnessMonitorOptions { MinimumRecordsPerGroup = 1_000 }, new ManualTimeProvider(T0));
        Feed(monitor, "ageBand", "25-34", 2_000, 200); // 10 %
        Feed(monitor, "ageBand", "65+", 2_000, 100);   // 5 %
        Feed(monitor, "ageBand", "18-24", 1_000, 90);  // 9 %
        Feed(monitor, "ageBand", "tiny", 10, 0);       // too few records to compare
        var a = Assert.Single(monitor.Check().Attributes);
        Assert.True(a.Finding);
        Assert.Equal("65+", a.LowestGroup!.Group);
        Assert.Equal("25-34", a.HighestGroup!.Group);
        Assert.Equal(0.5, a.RateRatio, 12);
        Assert.Equal(0.05, a.ParityDifference, 12);
        Assert.False(a.Groups.Single(g => g.Group == "tiny").Eligible);
        Assert.Equal(EpisodeTransition.Started, a.Transition);
        Assert.Contains("65+", a.Describe());
    }

    [Fact]
    public void Ratio_at_or_above_four_fifths_is_no_finding()
    {
        var monitor = new FairnessMonitor(new FairnessMonitorOptions { MinimumRecordsPerGroup = 100, SensitiveAttributes = ["sex"] });
        Feed(monitor, "sex", "f", 1_000, 80);
        Feed(monitor, "sex", "m", 1_000, 100);
        var a = monitor.Check().Attributes[0];
        Assert.Equal(0.8, a.RateRatio, 12);
        Assert.False(a.Finding);
    }

    [Fact]
    public void Below_the_minimum_records_nothing_is_compared()
    {
        var monitor = new FairnessMonitor(new FairnessMonitorOptions { MinimumRecordsPerGroup = 500, SensitiveAttributes = ["sex"] });
        Feed(monitor, "sex", "f", 400, 0);
        Feed(monitor, "sex", "m", 2_000, 200);
        var a = monitor.Check().Attributes[0];
        Assert.False(a.Finding);
        Assert.Null(a.LowestGroup);
        Assert.Equal(1.0, a.RateRatio);
        Assert.Equal(EpisodeTransition.None, a.Transition);
    }

    [Fact]
    public void Count_window_slides_and_the_episode_ends_after_clean_checks()
    {
        var monitor = new FairnessMonitor(new FairnessMonitorOptions
        {
            WindowRecords = 4_000, Buckets = 4, MinimumRecordsPerGroup = 200, CleanChecksToResolve = 2,
        });
        var transitions = new List<EpisodeTransition>();
        for (var round = 0; round < 8; round++)
        {
            var unfair = round < 3;
            Feed(monitor, "ageBand", "a", 500, 50);
            Feed(monitor, "ageBand", "b", 500, unfair ? 10 : 50);
            transitions.Add(monitor.Check().Attributes[0].Transition);
        }
        // Each round is one bucket (1,000 records); the window holds 4, so the unfair rounds leave it after round 6.
        Assert.Equal(EpisodeTransition.Started, transitions[0]);
        Assert.Equal(1, transitions.Count(t => t == EpisodeTransition.Started));
        Assert.Equal(1, transitions.Count(t => t == EpisodeTransition.Ended));
        Assert.Equal(EpisodeTransition.None, transitions[^1]);
    }

    [Fact]
    public void Time_window_forgets_old_buckets()
    {
        var clock = new ManualTimeProvider(T0);
        var monitor = new FairnessMonitor(new FairnessMonitorOptions
        {
            WindowKind = FairnessWindowKind.Time, Window = TimeSpan.FromHours(1), Buckets = 6, MinimumRecordsPerGroup = 100, SensitiveAttributes = ["g"],
        }, clock);
        Feed(monitor, "g", "x", 200, 40);
        Feed(monitor, "g", "y", 200, 4);
        Assert.True(monitor.Check().Attributes[0].Finding);
        clock.Advance(TimeSpan.FromMinutes(61));
        Feed(monitor, "g", "x", 200, 20);
        Feed(monitor, "g", "y", 200, 20);
        var a = monitor.Check().Attributes[0];
        Assert.Equal(200, a.Groups.Single(g => g.Group == "x").Records);
        Assert.False(a.Finding);
    }

    [Fact]
    public void Groups_beyond_the_limit_are_pooled()
    {
        var monitor = new FairnessMonitor(new FairnessMonitorOptions { MaxGroupsPerAttribute = 3, MinimumRecordsPerGroup = 1, SensitiveAttributes = ["k"] });
        foreach (var g in new[] { "a", "b", "c", "d", "e" })
            Feed(monitor, "k", g, 10, 1);
        var groups = monitor.Check().Attributes[0].Groups;
        Assert.Equal(["a", "b", FairnessMonitor.OtherGroup], groups.Select(g => g.Group));
        Assert.Equal(30, groups[2].Records);
    }

    [Fact]
    public void Snapshot_round_trips()
    {
        var options = new FairnessMonitorOptions { MinimumRecordsPerGroup = 100, SensitiveAttributes = ["ageBand", "region"] };
        var a = new FairnessMonitor(options);
        Feed(a, "ageBand", "young", 300, 60);
        Feed(a, "ageBand", "old", 300, 6);
        Feed(a, "region", "n", 300, 6);
        a.Check();
        var b = new FairnessMonitor(options);
        Assert.True(b.Restore(a.Snapshot()));
        var ra = a.Check();
        var rb = b.Check();
        Assert.Equal(ra.Attributes.Select(x => (x.Attribute, x.RateRatio, x.Transition, x.EpisodeNumber)), rb.Attributes.Select(x => (x.Attribute, x.RateRatio, x.Transition, x.EpisodeNumber)));
        Assert.False(new FairnessMonitor(new FairnessMonitorOptions { Buckets = 5 }).Restore(a.Snapshot()));
        Assert.Throws<InvalidDataException>(() => b.Restore([9, 9, 9, 9, 9]));

        // An attribute no longer configured as sensitive is not carried over from the snapshot.
        var narrowed = new FairnessMonitor(options with { SensitiveAttributes = ["ageBand"] });
        Assert.True(narrowed.Restore(a.Snapshot()));
        Assert.Equal(["ageBand"], narrowed.Check().Attributes.Select(x => x.Attribute));
    }

    [Fact]
    public void Fairness_watches_only_sensitive_attributes()
    {
        // The default list (ageBand, gender, ethnicity). Clients send other attributes first: the monitor must neither
        // watch them (region is skewed here, but nobody declared it sensitive) nor run out of slots for the sensitive one.
        var monitor = new FairnessMonitor(new FairnessMonitorOptions { MinimumRecordsPerGroup = 100 });
        for (var i = 0; i < 2_000; i++)
        {
            var attributes = new Dictionary<string, string>();
            for (var k = 0; k < 9; k++)
                attributes["custom" + k] = (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
            attributes["region"] = i % 2 == 0 ? "north" : "south";
            attributes["AGEBAND"] = i % 4 < 2 ? "18-24" : "65+";
            monitor.Observe(attributes, i % 2 == 0 ? i % 10 == 0 : i % 50 == 1);
        }
        var watched = Assert.Single(monitor.Check().Attributes);
        Assert.Equal("AGEBAND", watched.Attribute);
        Assert.False(watched.Finding);
        Assert.Equal(["ageBand", "gender", "ethnicity"], FairnessMonitorOptions.DefaultSensitiveAttributes);

        var none = new FairnessMonitor(new FairnessMonitorOptions { SensitiveAttributes = [] });
        none.Observe(new Dictionary<string, string> { ["ageBand"] = "18-24" }, true);
        Assert.Empty(none.Check().Attributes);
    }

    [Fact]
    public void An_insignificant_disparity_does_not_alarm()
    {
        // The drift demo's region attribute: about 860 records per group at 5.47 % and 6.98 % alerted. The ratio (0.78)
        // breaks four-fifths, but the two-proportion z statistic is 1.2978 (pooled, by hand: (60/860 − 47/860) /
        // √(107/1720 · 1613/1720 · 2/860), as statsmodels' proportions_ztest computes it), under two standard deviations.
        var options = new FairnessMonitorOptions { MinimumRecordsPerGroup = 500, SensitiveAttributes = ["region"] };
        var monitor = new FairnessMonitor(options);
        Feed(monitor, "region", "west", 860, 47);
        Feed(monitor, "region", "east", 860, 60);
        var a = Assert.Single(monitor.Check().Attributes);
        Assert.True(a.RateRatio < 0.8);
        Assert.Equal(1.2978, a.ZScore, 4);
        Assert.False(a.Finding);
        Assert.Equal(EpisodeTransition.None, a.Transition);

        // The same rates over ten times the records are no longer chance (z = 4.10): an alarm.
        var larger = new FairnessMonitor(options with { WindowRecords = 1_000_000 });
        Feed(larger, "region", "west", 8_600, 470);
        Feed(larger, "region", "east", 8_600, 600);
        var significant = Assert.Single(larger.Check().Attributes);
        Assert.Equal(4.1039, significant.ZScore, 4);
        Assert.True(significant.Finding);
        Assert.Equal(EpisodeTransition.Started, significant.Transition);
        Assert.Contains("z = 4.10", significant.Describe());
    }
}
