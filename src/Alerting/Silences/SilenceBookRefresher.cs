using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting;

/// <summary>
/// Cluster mode: reloads this process's <see cref="SilenceBook"/> from the shared store on an interval
/// (<c>Lepton:Silences:RefreshInterval</c>, default 2 s). Silences are created and expired on api processes but matched
/// where alerts are written (silos); the process that made the change refreshes its own book at once, the others within
/// one interval. Reloads go through <see cref="SilenceService.RefreshAsync"/>, which serializes them, so an older load
/// never replaces a newer one. A failing reload keeps the current book and is retried at the next tick.
/// </summary>
public sealed class SilenceBookRefresher(SilenceService silences, TimeProvider time, SilenceBookRefreshOptions options, ILogger<SilenceBookRefresher> log)
    : BackgroundService
{
    /// <summary>One reload now (tests call it).</summary>
    public Task RunOnceAsync(CancellationToken ct = default) => silences.RefreshAsync(ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Reloading silences failed; the matcher keeps its current silences and tries again in {Interval}", options.Interval);
            }
        }
    }
}
