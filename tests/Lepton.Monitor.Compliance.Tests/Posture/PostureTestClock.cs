namespace Lepton.Monitor.Compliance.Tests.Posture;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class PostureTestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
