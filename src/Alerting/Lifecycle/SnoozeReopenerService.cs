using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Alerting;

/// <summary>Runs <see cref="SnoozeReopener"/> every <see cref="SnoozeOptions.SnoozeCheckInterval"/>; a failed pass is logged and retried next tick.</summary>
public sealed class SnoozeReopenerService(SnoozeReopener reopener, IOptions<SnoozeOptions> options, TimeProvider clock, ILogger<SnoozeReopenerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SnoozeCheckInterval, clock);
        try
        {
            do
            {
                try
                {
                    await reopener.ReopenDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Reopening due snoozed alerts failed; retrying in {Interval}", options.Value.SnoozeCheckInterval);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
