using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// Deletes change-feed events older than <see cref="AlertStreamOptions.Retention"/> every
/// <see cref="AlertStreamOptions.PruneInterval"/> (first at start, for a process that was down a while). The window
/// is what <c>Last-Event-ID</c> can resume within; the newest event is always kept, so event ids never restart.
/// </summary>
public sealed class AlertEventRetention(IAlertEventLog log, IOptions<AlertStreamOptions> options, TimeProvider time, ILogger<AlertEventRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.PruneInterval, time);
        try
        {
            do
            {
                try
                {
                    var pruned = await log.PruneAsync(time.GetUtcNow() - settings.Retention, stoppingToken).ConfigureAwait(false);
                    if (pruned > 0)
                    {
                        AlertStreamTelemetry.Pruned.Add(pruned);
                        logger.LogInformation("Pruned {Count} alert change-feed events older than {Retention}", pruned, settings.Retention);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy or failing disk now is no reason to stop pruning later.
                    logger.LogWarning(e, "Pruning the alert change feed failed; trying again in {Interval}", settings.PruneInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
