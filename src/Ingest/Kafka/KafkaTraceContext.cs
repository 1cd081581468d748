using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Contracts.Tracing;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// The W3C trace context a producer put on a message, as the <c>traceparent</c> / <c>tracestate</c> headers (the
/// convention of OpenTelemetry's Kafka instrumentations and of the CloudEvents Kafka binding's binary mode, whose
/// <c>ce_traceparent</c> header is read too). Default when absent or malformed.
/// </summary>
public static class KafkaTraceContext
{
    public static ActivityContext Extract(Headers? headers)
    {
        if (headers is null || headers.Count == 0)
            return default;
        var traceParent = Text(headers, W3CTraceContext.TraceParent) ?? Text(headers, "ce_" + W3CTraceContext.TraceParent);
        if (traceParent is null)
            return default;
        var traceState = Text(headers, W3CTraceContext.TraceState) ?? Text(headers, "ce_" + W3CTraceContext.TraceState);
        return W3CTraceContext.Parse(traceParent, traceState);
    }

    /// <summary>Writes <paramref name="context"/> as the message's <c>traceparent</c> (and <c>tracestate</c>) headers.</summary>
    public static void Inject(Headers headers, ActivityContext context)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (W3CTraceContext.Format(context) is not { } traceParent)
            return;
        headers.Remove(W3CTraceContext.TraceParent);
        headers.Add(W3CTraceContext.TraceParent, Encoding.ASCII.GetBytes(traceParent));
        if (!string.IsNullOrEmpty(context.TraceState))
        {
            headers.Remove(W3CTraceContext.TraceState);
            headers.Add(W3CTraceContext.TraceState, Encoding.ASCII.GetBytes(context.TraceState));
        }
    }

    private static string? Text(Headers headers, string name) =>
        headers.TryGetLastBytes(name, out var bytes) && bytes is { Length: > 0 and <= 512 } ? Encoding.ASCII.GetString(bytes) : null;
}
