namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>A clock the test moves by hand (group timings and retry times are exact to it).</summary>
public sealed class WebhookTestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
