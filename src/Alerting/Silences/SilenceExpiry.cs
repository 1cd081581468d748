using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting;

/// <summary>
/// Upkeep of silences on an interval (<c>Lepton:Silences:CheckInterval</c>, default 5 s): a pending silence that has
/// started suppresses the open alerts it matches, and an ended one gives its alerts back (<see cref="SilenceService.RunPassAsync"/>).
/// New alerts never wait for it: the matcher checks the time on every alert, so a silence stops matching exactly at
/// its end. A failing pass is logged and retried at the next tick; the host keeps running.
/// </summary>
public sealed class SilenceExpiry(SilenceService silences, TimeProvider time, SilenceExpiryOptions options, ILogger<SilenceExpiry> log) : BackgroundService
{
    /// <summary>One pass now (tests call it with a fake clock).</summary>
    public Task<SilencePassResult> RunOnceAsync(CancellationToken ct = default) => silences.RunPassAsync(ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckInterval, time);
        do
        {
            try
            {
                var result = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (result.Started + result.Ended > 0)
                    log.LogInformation("Silence pass: {Started} started, {Ended} ended, {Suppressed} alerts suppressed, {Reopened} reopened",
                        result.Started, result.Ended, result.AlertsSuppressed, result.AlertsReopened);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Silence pass failed; trying again in {Interval}", options.CheckInterval);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
