namespace Lepton.Monitor.Contracts;

/// <summary>An alert as stored and served (PRODUCT.md §5).</summary>
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
    [property: Id(19)] AlertComment[] Comments);

[GenerateSerializer, Immutable, Alias("lepton.alert-comment.v1")]
public sealed record AlertComment(
    [property: Id(0)] string Author,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset At);
