using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

public sealed class DeliveryOutcomeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-03T12:00:00Z");
    private static readonly WebhookOptions Options = new() { RetrySchedule = RetrySchedule.Parse("00:00:00,00:00:10,00:01:00") };

    [Fact]
    public void The_default_schedule_is_the_issues_ten_attempts()
    {
        var schedule = RetrySchedule.Default;
        Assert.Equal(10, schedule.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(5), schedule.Delays[1]);
        Assert.Equal(TimeSpan.FromDays(1), schedule.Delays[^1]);
    }

    [Fact]
    public void Jitter_stays_within_ten_percent_and_varies()
    {
        var schedule = RetrySchedule.Parse("00:00:00,00:01:40");
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200).Select(_ => schedule.DelayAfter(1, random)!.Value).ToList();
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(110)));
        Assert.True(delays.Distinct().Count() > 100);
        Assert.Null(schedule.DelayAfter(2, random));
    }

    [Fact]
    public void A_bad_schedule_is_refused_with_the_key_named()
    {
        var e = Assert.Throws<FormatException>(() => RetrySchedule.Parse("00:00:00,soon"));
        Assert.Contains("RetryDelays", e.Message);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    public void Two_hundreds_are_delivered(int status) =>
        Assert.Equal(DeliveryNext.Delivered, Decide(new AttemptResponse(status), attemptsMade: 1).Next);

    [Fact]
    public void A_failure_is_retried_on_the_schedule_then_dead_after_the_last_attempt()
    {
        var second = Decide(new AttemptResponse(500), attemptsMade: 1);
        Assert.Equal(DeliveryNext.Retry, second.Next);
        Assert.InRange(second.NextAttemptAt!.Value - Now, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(11));

        var afterLast = Decide(new AttemptResponse(null, Error: "connection refused"), attemptsMade: 3);
        Assert.Equal(DeliveryNext.Dead, afterLast.Next);
        Assert.Null(afterLast.DisableReason);
    }

    [Fact]
    public void Gone_kills_the_delivery_and_disables_the_endpoint()
    {
        var outcome = Decide(new AttemptResponse(410), attemptsMade: 1);
        Assert.Equal(DeliveryNext.Dead, outcome.Next);
        Assert.Contains("410", outcome.DisableReason);
    }

    [Fact]
    public void A_refused_target_is_dead_at_once()
    {
        var outcome = Decide(new AttemptResponse(null, Error: "target refused", Permanent: true), attemptsMade: 1);
        Assert.Equal(DeliveryNext.Dead, outcome.Next);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void Retry_after_is_honoured_and_capped(int status)
    {
        var later = Decide(new AttemptResponse(status, RetryAfter: TimeSpan.FromMinutes(30)), attemptsMade: 1);
        Assert.Equal(Now + TimeSpan.FromMinutes(30), later.NextAttemptAt);

        var capped = Decide(new AttemptResponse(status, RetryAfter: TimeSpan.FromDays(30)), attemptsMade: 1);
        Assert.Equal(Now + Options.MaxRetryAfter, capped.NextAttemptAt);

        // A Retry-After shorter than the schedule's wait does not make the retry sooner.
        var sooner = Decide(new AttemptResponse(status, RetryAfter: TimeSpan.FromSeconds(1)), attemptsMade: 1);
        Assert.True(sooner.NextAttemptAt >= Now + TimeSpan.FromSeconds(9));
    }

    [Fact]
    public void Retry_after_of_other_statuses_is_ignored()
    {
        var outcome = Decide(new AttemptResponse(500, RetryAfter: TimeSpan.FromMinutes(30)), attemptsMade: 1);
        Assert.True(outcome.NextAttemptAt < Now + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void An_endpoint_failing_for_disable_after_is_disabled()
    {
        var young = DeliveryOutcome.Decide(new AttemptResponse(500), 1, Now, Now - TimeSpan.FromDays(4), Options, new Random(1));
        Assert.Null(young.DisableReason);
        Assert.Equal(DeliveryNext.Retry, young.Next);

        var old = DeliveryOutcome.Decide(new AttemptResponse(500), 1, Now, Now - TimeSpan.FromDays(5), Options, new Random(1));
        Assert.NotNull(old.DisableReason);
        Assert.Equal(DeliveryNext.Dead, old.Next);
    }

    private static DeliveryOutcome Decide(AttemptResponse response, int attemptsMade) =>
        DeliveryOutcome.Decide(response, attemptsMade, Now, null, Options, new Random(3));
}
