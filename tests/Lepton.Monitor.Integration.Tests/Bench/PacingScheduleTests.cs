using Lepton.Monitor.DevTools.Bench;

namespace Lepton.Monitor.Integration.Tests.Bench;

/// <summary>The schedule of the bench's paced runs: each body due when the records before it, at the rate, have had their time.</summary>
public sealed class PacingScheduleTests
{
    [Fact]
    public void Each_body_is_due_after_the_records_before_it_at_the_rate()
    {
        var schedule = new PacingSchedule(recordsPerSecond: 2_000);

        Assert.Equal(TimeSpan.Zero, schedule.Next(1_000));
        Assert.Equal(TimeSpan.FromSeconds(0.5), schedule.Next(1_000));
        Assert.Equal(TimeSpan.FromSeconds(1.0), schedule.Next(500)); // a short last body
        Assert.Equal(TimeSpan.FromSeconds(1.25), schedule.Next(1_000));
        Assert.Equal(3_500, schedule.Scheduled);
    }

    [Fact]
    public void A_fractional_rate_keeps_its_share_without_drifting()
    {
        var schedule = new PacingSchedule(recordsPerSecond: 3_333.5);
        TimeSpan due = default;
        for (var i = 0; i < 101; i++)
            due = schedule.Next(1_000);

        // The 101st body waits for 100,000 records at the rate, not 100 rounded steps.
        Assert.Equal(100_000 / 3_333.5, due.TotalSeconds, 6);
    }

    [Theory]
    [InlineData(500, 100, 400)] // early: wait the rest
    [InlineData(500, 500, 0)] // due now
    [InlineData(500, 900, 0)] // late: send at once, never a negative wait
    [InlineData(500, 499.5, 0)] // under a millisecond: not worth a timer
    public void The_wait_is_what_is_left_until_due(double dueMs, double elapsedMs, double waitMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(waitMs), PacingSchedule.WaitFor(TimeSpan.FromMilliseconds(dueMs), TimeSpan.FromMilliseconds(elapsedMs)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_rate_that_cannot_pace_is_refused(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacingSchedule(rate));
    }
}
