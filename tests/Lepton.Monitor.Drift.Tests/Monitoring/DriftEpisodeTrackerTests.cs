using Lepton.Monitor.Drift.Monitoring;

namespace Lepton.Monitor.Drift.Tests.Monitoring;

public class DriftEpisodeTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_start_and_one_end_per_episode()
    {
        var tracker = new DriftEpisodeTracker(cleanChecksToResolve: 3);
        DriftVerdict[] verdicts =
        [
            DriftVerdict.Clean, DriftVerdict.Drifted, DriftVerdict.Drifted, DriftVerdict.Clean, DriftVerdict.Drifted,
            DriftVerdict.Inconclusive, DriftVerdict.Clean, DriftVerdict.Clean, DriftVerdict.Clean, DriftVerdict.Clean,
            DriftVerdict.Drifted,
        ];
        var transitions = verdicts.Select((v, i) => tracker.Advance(v, T0.AddMinutes(i))).ToArray();
        Assert.Equal(
        [
            EpisodeTransition.None, EpisodeTransition.Started, EpisodeTransition.Continuing, EpisodeTransition.Continuing,
            EpisodeTransition.Continuing, EpisodeTransition.Continuing, EpisodeTransition.Continuing, EpisodeTransition.Continuing,
            EpisodeTransition.Ended, EpisodeTransition.None, EpisodeTransition.Started,
        ], transitions);
        Assert.Equal(2, tracker.EpisodeNumber);
        Assert.Equal(T0.AddMinutes(10), tracker.StartedAt);
    }

    [Fact]
    public void Inconclusive_checks_neither_start_nor_end()
    {
        var tracker = new DriftEpisodeTracker(1);
        Assert.Equal(EpisodeTransition.None, tracker.Advance(DriftVerdict.Inconclusive, T0));
        Assert.Equal(EpisodeTransition.Started, tracker.Advance(DriftVerdict.Drifted, T0));
        Assert.Equal(EpisodeTransition.Continuing, tracker.Advance(DriftVerdict.Inconclusive, T0));
        Assert.Equal(EpisodeTransition.Ended, tracker.Advance(DriftVerdict.Clean, T0));
    }
}
