namespace Lepton.Monitor.Alerting;

/// <summary><c>Lepton:Silences:RefreshInterval</c>: how often a cluster process reloads the silences other processes changed.</summary>
public sealed record SilenceBookRefreshOptions(TimeSpan Interval)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
}
