using System.Diagnostics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Contracts.Tracing;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// Ties alerts to the trace that raised them: candidates take the current span's context (the monitor's, in the trace
/// of the request or message that brought the record) before the store turns them into alerts, and each raised alert
/// is an event on that span. Alerts are rare, so copying their candidates costs nothing on the hot path.
/// </summary>
public static class AlertTrace
{
    public const string RaisedEvent = "alert.raised";

    public static IReadOnlyList<AlertCandidate> Stamp(IReadOnlyList<AlertCandidate> candidates, Activity? span)
    {
        if (span is null || candidates.Count == 0)
            return candidates;
        var traceParent = W3CTraceContext.Format(span.Context);
        var traceState = span.TraceStateString;
        var stamped = new AlertCandidate[candidates.Count];
        for (var i = 0; i < stamped.Length; i++)
            stamped[i] = candidates[i] with { TraceParent = traceParent, TraceState = traceState };
        return stamped;
    }

    public static void RecordRaised(Activity? span, IReadOnlyList<Alert> created)
    {
        if (span is null || !span.IsAllDataRequested)
            return;
        foreach (var alert in created)
        {
            span.AddEvent(new ActivityEvent(RaisedEvent, tags: new ActivityTagsCollection
            {
                ["lepton.alert.id"] = alert.Id,
                ["lepton.alert.rule"] = alert.RuleId,
                ["lepton.alert.kind"] = alert.RuleKind,
            }));
        }
        span.SetTag("lepton.alerts.raised", created.Count);
    }
}
