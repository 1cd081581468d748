using System.Diagnostics;
using Azure.Messaging.EventHubs;
using Lepton.Monitor.Contracts.Tracing;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// The W3C trace context a producer put on an event: the <c>traceparent</c> application property, else the Azure SDK's
/// <c>Diagnostic-Id</c> (a traceparent by another name, with <c>tracestate</c> beside it), else the CloudEvents AMQP
/// binding's <c>cloudEvents:traceparent</c>. Default when absent or malformed.
/// </summary>
public static class EventHubsTraceContext
{
    public static ActivityContext Extract(EventData e)
    {
        var properties = e.Properties;
        if (properties.Count == 0)
            return default;
        var traceParent = Text(properties, W3CTraceContext.TraceParent)
            ?? Text(properties, W3CTraceContext.DiagnosticId)
            ?? Text(properties, "cloudEvents:" + W3CTraceContext.TraceParent)
            ?? Text(properties, "cloudEvents_" + W3CTraceContext.TraceParent);
        if (traceParent is null)
            return default;
        var traceState = Text(properties, W3CTraceContext.TraceState)
            ?? Text(properties, "cloudEvents:" + W3CTraceContext.TraceState)
            ?? Text(properties, "cloudEvents_" + W3CTraceContext.TraceState);
        return W3CTraceContext.Parse(traceParent, traceState);
    }

    private static string? Text(IDictionary<string, object> properties, string name) =>
        properties.TryGetValue(name, out var value) && value is string { Length: > 0 and <= 512 } text ? text : null;
}
