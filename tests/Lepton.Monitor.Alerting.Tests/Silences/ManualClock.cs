namespace Lepton.Monitor.Alerting.Tests.Silences;

/// <summary>A clock the test moves by hand (silence start and end are exact to it).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset now) => _now = now;
}
