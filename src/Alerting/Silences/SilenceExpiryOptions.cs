namespace Lepton.Monitor.Alerting;

/// <summary><c>Lepton:Silences:CheckInterval</c>: how often silences that started or ended are applied to existing alerts.</summary>
public sealed record SilenceExpiryOptions(TimeSpan CheckInterval)
{
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(5);
}
