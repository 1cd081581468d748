using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Sends due deliveries, at most <see cref="WebhookOptions.MaxInFlight"/> at once, and records each attempt and what
/// follows it (<see cref="DeliveryOutcome"/>). A delivery is marked only after its attempt, so a crash mid-send sends it
/// again after the restart, with the same webhook-id (receivers deduplicate on it).
/// </summary>
public sealed partial class WebhookSender(IWebhookStore store, WebhookTransmitter transmitter, WebhookSignal signal, WebhookOptions options,
    TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>Attempts every delivery due now (up to a batch) and waits for them; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var due = await store.DueAsync(time.GetUtcNow(), options.BatchSize, ct).ConfigureAwait(false);
        if (due.Count > 0)
        {
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.MaxInFlight, CancellationToken = ct },
                async (delivery, token) => await AttemptAsync(delivery, token).ConfigureAwait(false)).ConfigureAwait(false);
        }
        WebhookTelemetry.ReportPending(await store.PendingCountAsync(ct).ConfigureAwait(false));
        return due.Count;
    }

    private async Task AttemptAsync(DueDelivery delivery, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var started = time.GetTimestamp();
        var response = await transmitter.SendAsync(delivery, now, ct).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        var done = time.GetUtcNow();
        var outcome = DeliveryOutcome.Decide(response, delivery.RoundAttempts + 1, done, delivery.FailingSince, options, Random.Shared);
        var attempt = new WebhookAttempt(now, response.StatusCode, response.Error, (long)elapsed.TotalMilliseconds);
        if (!await store.RecordAsync(new DeliveryResult(delivery.Id, delivery.SubscriptionId, attempt, outcome.Next, outcome.NextAttemptAt,
                outcome.DisableReason), CancellationToken.None).ConfigureAwait(false))
            return; // deleted with its subscription meanwhile
        switch (outcome.Next)
        {
            case DeliveryNext.Delivered:
                WebhookTelemetry.Sent.Add(1);
                WebhookTelemetry.Latency.Record((done - delivery.EventAt).TotalMilliseconds);
                LogDelivered(delivery.Id, delivery.SubscriptionId, response.StatusCode, delivery.RoundAttempts + 1);
                break;
            case DeliveryNext.Retry:
                WebhookTelemetry.Failed.Add(1);
                LogRetrying(delivery.Id, delivery.SubscriptionId, response.StatusCode, response.Error, outcome.NextAttemptAt);
                break;
            default:
                WebhookTelemetry.Failed.Add(1);
                WebhookTelemetry.Dead.Add(1);
                LogDead(delivery.Id, delivery.SubscriptionId, response.StatusCode, response.Error, delivery.RoundAttempts + 1);
                break;
        }
        if (outcome.DisableReason is not null)
        {
            WebhookTelemetry.Disabled.Add(1);
            LogDisabled(delivery.SubscriptionId, outcome.DisableReason);
            signal.Notify(); // endpoint.disabled notices were queued
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wake = signal.Next;
                if (await RunOnceAsync(stoppingToken).ConfigureAwait(false) == 0)
                    await WebhookSignal.WaitAsync(wake, options.SendInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
                await Task.Delay(options.SendInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {DeliveryId} to {SubscriptionId} delivered ({StatusCode}) at attempt {Attempt}")]
    private partial void LogDelivered(string deliveryId, string subscriptionId, int? statusCode, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {DeliveryId} to {SubscriptionId} failed ({StatusCode} {Error}); next attempt at {NextAttemptAt:O}")]
    private partial void LogRetrying(string deliveryId, string subscriptionId, int? statusCode, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} to {SubscriptionId} is dead after {Attempts} attempts ({StatusCode} {Error}); replayable")]
    private partial void LogDead(string deliveryId, string subscriptionId, int? statusCode, string? error, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} disabled: {Reason}")]
    private partial void LogDisabled(string subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhooks: send pass failed; retrying")]
    private partial void LogPassFailed(Exception e);
}
