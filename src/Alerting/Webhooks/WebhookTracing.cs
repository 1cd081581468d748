using System.Diagnostics;
using Lepton.Monitor.Contracts.Tracing;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Spans of webhook deliveries (source <c>Lepton.Monitor.Webhooks</c>, one <c>webhook.deliver</c> span per attempt) and
/// the W3C <c>traceparent</c> every attempt sends, so a receiver can log the id that finds our side of the delivery.
/// </summary>
public static class WebhookTracing
{
    public const string Name = "Lepton.Monitor.Webhooks";
    public const string DeliverActivityName = "webhook.deliver";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// The attempt's span context as a <c>traceparent</c>; when nobody records spans, a fresh unsampled context (flags
    /// 00), so the header is always there for the receiver to log.
    /// </summary>
    public static string TraceParentOf(Activity? attempt) =>
        W3CTraceContext.Format(attempt?.Context ?? new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None))!;
}
