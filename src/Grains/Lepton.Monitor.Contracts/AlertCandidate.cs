namespace Lepton.Monitor.Contracts;

/// <summary>
/// What a monitor grain concludes about one record before alert handling (dedup → persist → publish).
/// Alerts with the same <see cref="Fingerprint"/> while open collapse into one whose count grows.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.alert-candidate.v1")]
public sealed record AlertCandidate(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Jurisdiction,
    [property: Id(2)] AlertKind Kind,
    [property: Id(3)] string RuleId,
    [property: Id(4)] string RuleKind,
    [property: Id(5)] Severity Severity,
    [property: Id(6)] string Fingerprint,
    [property: Id(7)] string Entity,
    [property: Id(8)] string RecordId,
    [property: Id(9)] DateTimeOffset EventTime,
    [property: Id(10)] double? Score,
    [property: Id(11)] string? ModelVersion,
    [property: Id(12)] AlertExplanation Explanation,
    [property: Id(13)] DateTimeOffset AcceptedAt,
    // Aggregate rules (structuring, velocity): every record of the window that formed the pattern, in event-time order,
    // RecordId among them (PRODUCT.md §5 recordIds). Null: the evidence is RecordId alone.
    [property: Id(14)] string[]? EvidenceRecordIds = null,
    // The pseudonymized record that raised this candidate, kept as the alert's evidence (at most 50 per alert) so the
    // detail view can show it after the journal has dropped the payload. Null: nothing to keep (drift, fairness, outage).
    [property: Id(15)] MonitoredRecord? Evidence = null)
{
    /// <summary>
    /// W3C <c>traceparent</c> of the span that raised it (the monitor's, in the trace of the request or message that
    /// brought the record), so the alert and its CloudEvent lead back to that trace. Null when not traced.
    /// </summary>
    [Id(16)] public string? TraceParent { get; init; }

    /// <summary>W3C <c>tracestate</c> that came with <see cref="TraceParent"/>, if any.</summary>
    [Id(17)] public string? TraceState { get; init; }
}
