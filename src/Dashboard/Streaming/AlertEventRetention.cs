using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// Deletes change-feed events older than <see cref="AlertStreamOptions.Retention"/> every
/// <see cref="AlertStreamOptions.PruneInterval"/> (first at start, for a process that was down a while). The window
/// is what <c>Last-Event-ID</c> can resume within; the newest event is always kept, so event ids never restart.
/// Events the webhook dispatcher has not fanned out yet are kept whatever their age (a process down for days must
/// still deliver what it committed before it stopped).
/// </summary>
public sealed class AlertEventRetention(IAlertEventLog log, IOptions<AlertStreamOptions> options, TimeProvider time,
    ILogger<AlertEventRetention> logger, IWebhookStore? webhooks = null) : BackgroundService
{
    /// <summary>Prunes once; returns how many events were deleted.</summary>
    public async Task<int> PruneOnceAsync(CancellationToken ct = default)
    {
        var before = time.GetUtcNow() - options.Value.Retention;
        if (webhooks is not null)
        {
            var dispatched = await webhooks.DispatchedSeqAsync(ct).ConfigureAwait(false);
            var pending = await log.ReadAfterAsync(dispatched, 1, null, ct).ConfigureAwait(false);
            // Event times follow seqs (both are taken by the single writer), so this keeps the first undispatched and all after it.
            if (pending.Count > 0 && pending[0].At < before)
                before = pending[0].At;
        }
        var pruned = await log.PruneAsync(before, ct).ConfigureAwait(false);
        if (pruned > 0)
        {
            AlertStreamTelemetry.Pruned.Add(pruned);
            logger.LogInformation("Pruned {Count} alert change-feed events older than {Before:O}", pruned, before);
        }
        return pruned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PruneInterval;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await PruneOnceAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy or failing disk now is no reason to stop pruning later.
                    logger.LogWarning(e, "Pruning the alert change feed failed; trying again in {Interval}", interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
