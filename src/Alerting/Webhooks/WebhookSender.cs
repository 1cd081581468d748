using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Sends due deliveries, at most <see cref="WebhookOptions.MaxInFlight"/> at once, and records each attempt and what
/// follows it (<see cref="DeliveryOutcome"/>). A delivery is marked only after its attempt, so a crash mid-send sends it
/// again after the restart, with the same webhook-id (receivers deduplicate on it). The loop starts attempts as slots
/// free up rather than waiting for a whole batch, so one slow endpoint (up to the timeout) does not hold up the others.
/// </summary>
public sealed partial class WebhookSender : BackgroundService
{
    private readonly IWebhookStore store;
    private readonly WebhookTransmitter transmitter;
    private readonly WebhookSignal signal;
    private readonly WebhookOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<WebhookSender> logger;
    private readonly SemaphoreSlim _slots;
    /// <summary>Attempts under way, by delivery id: not started twice, and awaited when the service stops.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    public WebhookSender(IWebhookStore store, WebhookTransmitter transmitter, WebhookSignal signal, WebhookOptions options, TimeProvider time,
        ILogger<WebhookSender> logger)
    {
        this.store = store;
        this.transmitter = transmitter;
        this.signal = signal;
        this.options = options;
        this.time = time;
        this.logger = logger;
        _slots = new SemaphoreSlim(options.MaxInFlight, options.MaxInFlight);
    }

    /// <summary>Attempts every delivery due now (up to a batch) and waits for them; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var started = await StartDueAsync(ct).ConfigureAwait(false);
        await Task.WhenAll(started).ConfigureAwait(false);
        return started.Count;
    }

    /// <summary>Starts an attempt for each due delivery not already in flight, waiting for a free slot before each.</summary>
    private async Task<List<Task>> StartDueAsync(CancellationToken ct)
    {
        // Taken before the read: an attempt in flight now may be recorded (and leave _inFlight) while this pass still works
        // through its list, which was read before that record committed; sending it again would be a duplicate.
        var busy = _inFlight.Keys.ToHashSet(StringComparer.Ordinal);
        var due = await store.DueAsync(time.GetUtcNow(), options.BatchSize + busy.Count, ct).ConfigureAwait(false);
        WebhookTelemetry.ReportPending(await store.PendingCountAsync(ct).ConfigureAwait(false));
        var started = new List<Task>();
        foreach (var delivery in due)
        {
            if (busy.Contains(delivery.Id) || !_inFlight.TryAdd(delivery.Id, Task.CompletedTask))
                continue;
            try
            {
                await _slots.WaitAsync(ct).ConfigureAwait(false);
            }
            catch
            {
                _inFlight.TryRemove(delivery.Id, out _);
                throw;
            }
            var attempt = Task.Run(async () =>
            {
                var slot = 1;
                void ReleaseSlot()
                {
                    if (Interlocked.Exchange(ref slot, 0) == 1)
                        _slots.Release();
                }
                try
                {
                    await AttemptAsync(delivery, ReleaseSlot, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // stopping: the delivery stays pending and is attempted after the restart
                }
                catch (Exception e)
                {
                    LogAttemptFailed(e, delivery.Id);
                }
                finally
                {
                    _inFlight.TryRemove(delivery.Id, out _);
                    ReleaseSlot();
                }
            }, CancellationToken.None);
            _inFlight.TryUpdate(delivery.Id, attempt, Task.CompletedTask);
            started.Add(attempt);
        }
        return started;
    }

    /// <param name="releaseSlot">Called once the receiver answered: the slot bounds requests in flight, not the wait for
    /// the attempt's record to commit (the delivery stays in <see cref="_inFlight"/> until then, so it is not sent twice).</param>
    private async Task AttemptAsync(DueDelivery delivery, Action releaseSlot, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var started = time.GetTimestamp();
        var response = await transmitter.SendAsync(delivery, now, ct).ConfigureAwait(false);
        releaseSlot();
        var elapsed = time.GetElapsedTime(started);
        var done = time.GetUtcNow();
        var outcome = DeliveryOutcome.Decide(response, delivery.RoundAttempts + 1, done, delivery.FailingSince, options, Random.Shared);
        var attempt = new WebhookAttempt(now, response.StatusCode, response.Error, (long)elapsed.TotalMilliseconds);
        if (!await store.RecordAsync(new DeliveryResult(delivery.Id, delivery.SubscriptionId, attempt, outcome.Next, outcome.NextAttemptAt,
                outcome.DisableReason), CancellationToken.None).ConfigureAwait(false))
            return; // deleted with its subscription meanwhile
        WebhookTelemetry.CountAttempt(outcome.Next, response.StatusCode);
        switch (outcome.Next)
        {
            case DeliveryNext.Delivered:
                WebhookTelemetry.Sent.Add(1);
                WebhookTelemetry.DeliveryDuration.Record((done - delivery.EventAt).TotalSeconds);
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
                if ((await StartDueAsync(stoppingToken).ConfigureAwait(false)).Count == 0)
                    await WebhookSignal.WaitAsync(wake, options.SendInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogPassFailed(e);
                await Task.Delay(options.SendInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lets the attempts under way end (they see the stop) before the store they record into goes away.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_inFlight.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Webhook {DeliveryId} to {SubscriptionId} delivered ({StatusCode}) at attempt {Attempt}")]
    private partial void LogDelivered(string deliveryId, string subscriptionId, int? statusCode, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {DeliveryId} to {SubscriptionId} failed ({StatusCode} {Error}); next attempt at {NextAttemptAt:O}")]
    private partial void LogRetrying(string deliveryId, string subscriptionId, int? statusCode, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {DeliveryId} to {SubscriptionId} is dead after {Attempts} attempts ({StatusCode} {Error}); replayable")]
    private partial void LogDead(string deliveryId, string subscriptionId, int? statusCode, string? error, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} disabled: {Reason}")]
    private partial void LogDisabled(string subscriptionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook {DeliveryId}: recording its attempt failed; it stays pending")]
    private partial void LogAttemptFailed(Exception e, string deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhooks: send pass failed; retrying")]
    private partial void LogPassFailed(Exception e);
}
