namespace Lepton.Monitor.Alerting.Tests.Lifecycle;

/// <summary>A clock the test moves by hand (timers are not faked: the code under test is driven directly).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
