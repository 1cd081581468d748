namespace Lepton.Monitor.Contracts;

/// <summary>
/// An alert as stored and served (PRODUCT.md §5). The triage fields after <see cref="Comments"/> are init-only with
/// defaults so the evidence constructor stays the one the pipeline uses; the store sets them.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.alert.v1")]
public sealed record Alert(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string Jurisdiction,
    [property: Id(3)] AlertKind Kind,
    [property: Id(4)] string RuleId,
    [property: Id(5)] string RuleKind,
    [property: Id(6)] Severity Severity,
    [property: Id(7)] AlertStatus Status,
    [property: Id(8)] Disposition? Disposition,
    [property: Id(9)] string Fingerprint,
    [property: Id(10)] DateTimeOffset FirstSeen,
    [property: Id(11)] DateTimeOffset LastSeen,
    [property: Id(12)] int Count,
    [property: Id(13)] string Entity,
    [property: Id(14)] string[] RecordIds,
    [property: Id(15)] double? Score,
    [property: Id(16)] string? ModelVersion,
    [property: Id(17)] AlertExplanation Explanation,
    [property: Id(18)] string? Assignee,
    [property: Id(19)] AlertComment[] Comments)
{
    /// <summary>Incremented by every change; actions carry the version they saw (a stale one answers 409).</summary>
    [Id(20)] public long Version { get; init; } = 1;

    /// <summary>When the alert last changed (raised, grew, or was triaged).</summary>
    [Id(21)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>While <see cref="Status"/> is snoozed: when it reopens by itself.</summary>
    [Id(22)] public DateTimeOffset? SnoozedUntil { get; init; }

    /// <summary>A resolution staged for a second analyst's approval (tenants with four-eyes resolution).</summary>
    [Id(23)] public PendingResolution? PendingResolution { get; init; }

    /// <summary>The silence that suppressed it, while <see cref="Status"/> is suppressed.</summary>
    [Id(24)] public string? SilencedBy { get; init; }

    /// <summary>Who escalated it last, if anyone (escalation also raises the severity one step).</summary>
    [Id(25)] public string? EscalatedBy { get; init; }

    /// <summary>
    /// W3C <c>traceparent</c> of the monitor span whose record raised or last grew it, in this process only: not stored
    /// and not part of the API's JSON, it rides to the alert topic as the CloudEvent's distributed-tracing extension.
    /// </summary>
    [Id(26), System.Text.Json.Serialization.JsonIgnore] public string? TraceParent { get; init; }

    /// <summary>W3C <c>tracestate</c> that came with <see cref="TraceParent"/>, if any.</summary>
    [Id(27), System.Text.Json.Serialization.JsonIgnore] public string? TraceState { get; init; }
}

[GenerateSerializer, Immutable, Alias("lepton.alert-comment.v1")]
public sealed record AlertComment(
    [property: Id(0)] string Author,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset At);

/// <summary>A false-positive or benign resolution waiting for a second analyst (four-eyes).</summary>
[GenerateSerializer, Immutable, Alias("lepton.pending-resolution.v1")]
public sealed record PendingResolution(
    [property: Id(0)] Disposition Disposition,
    [property: Id(1)] string RequestedBy,
    [property: Id(2)] DateTimeOffset RequestedAt,
    [property: Id(3)] string? Comment);
