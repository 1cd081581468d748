using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Metrics of webhook deliveries (meter <c>Lepton.Monitor.Webhooks</c>).</summary>
public static class WebhookTelemetry
{
    public const string Name = "Lepton.Monitor.Webhooks";
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Created = Meter.CreateCounter<long>("lepton.webhook.deliveries.created", unit: "{delivery}",
        description: "Deliveries the dispatcher made from the alert change feed");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("lepton.webhook.deliveries.sent", unit: "{delivery}",
        description: "Deliveries a receiver accepted with a 2xx");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("lepton.webhook.deliveries.failed", unit: "{attempt}",
        description: "Delivery attempts that failed (retried or dead)");

    public static readonly Counter<long> Dead = Meter.CreateCounter<long>("lepton.webhook.deliveries.dead", unit: "{delivery}",
        description: "Deliveries given up after their last attempt or a permanent refusal (kept, replayable)");

    public static readonly Counter<long> Disabled = Meter.CreateCounter<long>("lepton.webhook.endpoints.disabled", unit: "{subscription}",
        description: "Subscriptions disabled (410 Gone, or failing for DisableAfter)");

    public static readonly Histogram<double> DeliveryDuration = Meter.CreateDuration("lepton.webhook.delivery.duration",
        "From the alert change's commit to the receiver's 2xx");

    /// <summary>Tagged <c>outcome</c> (delivered, retry, dead) and <c>status_class</c> (2xx … 5xx, or none: no answer).</summary>
    public static readonly Counter<long> Attempts = Meter.CreateCounter<long>("lepton.webhook.attempts", unit: "{attempt}",
        description: "Delivery attempts, by outcome and the receiver's status class");

    public static void CountAttempt(DeliveryNext next, int? statusCode) =>
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", next switch
        {
            DeliveryNext.Delivered => "delivered",
            DeliveryNext.Retry => "retry",
            _ => "dead",
        }), new KeyValuePair<string, object?>("status_class", statusCode switch
        {
            >= 200 and < 300 => "2xx",
            >= 300 and < 400 => "3xx",
            >= 400 and < 500 => "4xx",
            >= 500 and < 600 => "5xx",
            null => "none",
            _ => "other",
        }));

    private static long _pending;

    public static readonly ObservableGauge<long> Pending = Meter.CreateObservableGauge("lepton.webhook.pending", () => Volatile.Read(ref _pending),
        unit: "{delivery}", description: "Deliveries waiting for an attempt, as the sender last counted them");

    public static void ReportPending(long count) => Volatile.Write(ref _pending, count);
}
