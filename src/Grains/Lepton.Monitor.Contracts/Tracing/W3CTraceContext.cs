using System.Diagnostics;

namespace Lepton.Monitor.Contracts.Tracing;

/// <summary>
/// W3C Trace Context text (<c>traceparent</c>, <c>tracestate</c>) as carried by Kafka headers, Event Hubs application
/// properties, CloudEvents' distributed-tracing extension and HTTP headers.
/// </summary>
public static class W3CTraceContext
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Event Hubs' own name for the traceparent (the Azure SDK writes it on every event it sends).</summary>
    public const string DiagnosticId = "Diagnostic-Id";

    /// <summary><c>00-{trace id}-{span id}-{flags}</c>; null for an empty context.</summary>
    public static string? Format(in ActivityContext context) =>
        context.TraceId == default
            ? null
            : $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";

    /// <summary>A remote context from received text; default when <paramref name="traceParent"/> is missing or malformed.</summary>
    public static ActivityContext Parse(string? traceParent, string? traceState = null) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
}
