using Orleans;

namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>
/// An api process started before any silo keeps trying to reach the cluster (every 2 s, logged) instead of failing its
/// start: `cluster.sh up` starts silos and api processes together. The host's stopping token ends the wait.
/// </summary>
public sealed class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        if (attempt == 1 || attempt % 15 == 0)
            logger.LogWarning("No silo of the cluster answers yet ({Reason}); retrying every 2 s (attempt {Attempt})", exception.Message, attempt);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        return true;
    }
}
