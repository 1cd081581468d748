using Lepton.Monitor.Drift.Fairness;
using Lepton.Monitor.Drift.Tests.Support;

namespace Lepton.Monitor.Drift.Tests.Fairness;

/// <summary>
/// <see cref="FairnessMonitor.Observe"/> counts a record's attributes the same whatever collection carries them (records
/// carry a Dictionary, enumerated without boxing), and reads the clock only for a time window.
/// </summary>
public class FairnessObserveTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static FairnessMonitorOptions Options(FairnessWindowKind kind = FairnessWindowKind.Count) => new()
    {
        WindowKind = kind, WindowRecords = 1_000, Buckets = 4, Window = TimeSpan.FromHours(1),
        MinimumRecordsPerGroup = 10, MaxGroupsPerAttribute = 3, SensitiveAttributes = ["ageBand", "sex"],
    };

    private static IEnumerable<(Dictionary<string, string> Attributes, bool Alerted)> Records()
    {
        string[] bands = ["18-24", "25-34", "35-44", "65+"]; // four values, three groups: the last pools as (other)
        for (var i = 0; i < 2_500; i++)
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["ageBand"] = bands[i % 4], ["region"] = "x" };
            if (i % 3 == 0)
                attributes["Sex"] = i % 2 == 0 ? "f" : "m"; // the name as the record spells it
            yield return (attributes, i % 7 == 0 || (i % 4 == 3 && i % 2 == 1));
        }
    }

    [Fact]
    public void A_dictionary_and_any_other_enumerable_of_the_same_attributes_give_the_same_figures_and_state()
    {
        var fromDictionaries = new FairnessMonitor(Options(), new ManualTimeProvider(T0));
        var fromLists = new FairnessMonitor(Options(), new ManualTimeProvider(T0));
        foreach (var (attributes, alerted) in Records())
        {
            fromDictionaries.Observe(attributes, alerted);
            fromLists.Observe(attributes.ToList(), alerted);
        }

        var a = fromDictionaries.Check();
        var b = fromLists.Check();

        Assert.Equal(fromDictionaries.Snapshot(), fromLists.Snapshot());
        Assert.Equal(2, a.Attributes.Count);
        Assert.Equal(["ageBand", "Sex"], a.Attributes.Select(x => x.Attribute));
        Assert.Equal(a.WindowRecords, b.WindowRecords);
        for (var i = 0; i < a.Attributes.Count; i++)
        {
            Assert.Equal(a.Attributes[i].Groups, b.Attributes[i].Groups);
            Assert.Equal(a.Attributes[i].RateRatio, b.Attributes[i].RateRatio);
        }
        Assert.Contains(a.Attributes[0].Groups, g => g.Group == FairnessMonitor.OtherGroup);
    }

    [Fact]
    public void A_count_window_does_not_read_the_clock_per_record_and_a_time_window_does()
    {
        var countClock = new CountingTimeProvider(T0);
        var timeClock = new CountingTimeProvider(T0);
        var byCount = new FairnessMonitor(Options(), countClock);
        var byTime = new FairnessMonitor(Options(FairnessWindowKind.Time), timeClock);
        var (countBefore, timeBefore) = (countClock.Reads, timeClock.Reads);

        foreach (var (attributes, alerted) in Records().Take(100))
        {
            byCount.Observe(attributes, alerted);
            byTime.Observe(attributes, alerted);
        }

        Assert.Equal(countBefore, countClock.Reads);
        Assert.Equal(timeBefore + 100, timeClock.Reads);
    }

    [Fact]
    public void A_count_window_slides_by_records_alone()
    {
        var clock = new ManualTimeProvider(T0);
        var monitor = new FairnessMonitor(Options(), clock);
        foreach (var (attributes, alerted) in Records())
        {
            monitor.Observe(attributes, alerted);
            clock.Advance(TimeSpan.FromHours(1)); // a time window would have forgotten everything each record
        }

        // 2,500 records fill ten buckets of 250; the check starts the eleventh (empty), so three full ones remain.
        Assert.Equal(750, monitor.Check().WindowRecords);
    }

    private sealed class CountingTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            return now;
        }
    }
}
