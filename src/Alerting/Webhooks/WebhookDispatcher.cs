using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Fans the alert change feed out into deliveries: reads the changes after its durable cursor, plans a delivery per
/// (change, subscription that wants it) and stores them with the new cursor in one transaction
/// (<see cref="IWebhookStore.FanOutAsync"/>), so a crash at any point loses no delivery and makes none twice.
/// </summary>
public sealed partial class WebhookDispatcher(IWebhookStore store, IAlertEventLog changes, WebhookSignal signal, WebhookOptions options,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 500;

    private volatile bool _idle;

    /// <summary>Fans out everything committed so far and sends the groups that are due; returns how many deliveries were made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var planned = 0;
        while (true)
        {
            var cursor = await store.DispatchedSeqAsync(ct).ConfigureAwait(false);
            var targets = await store.ListEnabledAsync(ct).ConfigureAwait(false);
            if (targets.Count == 0)
            {
                // Nobody to tell: move the cursor past what exists without reading it (a subscription made later starts
                // after its creation anyway), so retention can prune and an idle dispatcher costs one small write.
                _idle = true;
                var last = await changes.LastSeqAsync(ct).ConfigureAwait(false);
                if (last > cursor && !await store.FanOutAsync(cursor, last, [], null, ct).ConfigureAwait(false))
                    continue;
                break;
            }
            _idle = false;
            var batch = await changes.ReadAfterAsync(cursor, BatchSize, null, ct).ConfigureAwait(false);
            if (batch.Count == 0)
                break;
            var plan = DeliveryPlanner.Plan(batch, targets);
            if (!await store.FanOutAsync(cursor, batch[^1].Seq, plan.Deliveries, plan.GroupChanges, ct).ConfigureAwait(false))
                continue; // the cursor moved meanwhile (another pass): read again from where it is now
            if (plan.Deliveries.Count > 0)
            {
                planned += plan.Deliveries.Count;
                LogFannedOut(batch.Count, plan.Deliveries.Count, batch[^1].Seq);
            }
        }
        var grouped = await store.FlushGroupsAsync(ct).ConfigureAwait(false);
        planned += grouped;
        if (planned > 0)
        {
            WebhookTelemetry.Created.Add(planned);
            signal.Notify();
        }
        return planned;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (_idle)
                {
                    // No subscription: woken by a new one (its creation signals) or after the interval, not by every change.
                    await WebhookSignal.WaitAsync(signal.Next, options.DispatchInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }
                var cursor = await store.DispatchedSeqAsync(stoppingToken).ConfigureAwait(false);
                await changes.WaitForEventsAsync(cursor, options.DispatchInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
                await Task.Delay(options.DispatchInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhooks: {Changes} alert changes up to seq {Seq} made {Deliveries} deliveries")]
    private partial void LogFannedOut(int changes, int deliveries, long seq);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhooks: fan-out pass failed; retrying")]
    private partial void LogPassFailed(Exception e);
}
