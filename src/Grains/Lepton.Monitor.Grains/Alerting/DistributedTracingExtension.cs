using CloudNative.CloudEvents;
using Lepton.Monitor.Contracts.Tracing;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// The CloudEvents distributed-tracing extension (<c>traceparent</c>, <c>tracestate</c>, W3C Trace Context text).
/// CloudNative.CloudEvents 2.9.0 ships no type for it, so its two attributes are declared here.
/// </summary>
public static class DistributedTracingExtension
{
    public static CloudEventAttribute TraceParentAttribute { get; } = CloudEventAttribute.CreateExtension(W3CTraceContext.TraceParent, CloudEventAttributeType.String);

    public static CloudEventAttribute TraceStateAttribute { get; } = CloudEventAttribute.CreateExtension(W3CTraceContext.TraceState, CloudEventAttributeType.String);

    /// <summary>Both attributes, for parsing events that may carry them.</summary>
    public static IReadOnlyList<CloudEventAttribute> AllAttributes { get; } = [TraceParentAttribute, TraceStateAttribute];

    public static CloudEvent SetTrace(this CloudEvent cloudEvent, string? traceParent, string? traceState)
    {
        if (traceParent is null)
            return cloudEvent;
        cloudEvent[TraceParentAttribute] = traceParent;
        if (!string.IsNullOrEmpty(traceState))
            cloudEvent[TraceStateAttribute] = traceState;
        return cloudEvent;
    }

    public static string? GetTraceParent(this CloudEvent cloudEvent) => (string?)cloudEvent[TraceParentAttribute];

    public static string? GetTraceState(this CloudEvent cloudEvent) => (string?)cloudEvent[TraceStateAttribute];
}
