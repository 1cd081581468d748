namespace Lepton.Monitor.Compliance.Filings;

/// <summary>
/// A regulator report in the making: the alerts it came from, its content, and where it stands in the lifecycle
/// (<see cref="ReportLifecycle"/>). Holds pseudonyms only; <see cref="ReportParty.Identity"/> is filled outside the
/// product by <c>lepton report fill</c> and never stored.
/// </summary>
public sealed record ReportDraft
{
    public required string Id { get; init; }
    public required string Tenant { get; init; }
    public required ReportType Type { get; init; }
    public ReportStatus Status { get; init; } = ReportStatus.Draft;

    /// <summary>Incremented by every change; an edit or transition carries the version it saw (a stale one is a conflict).</summary>
    public long Version { get; init; } = 1;

    /// <summary>Who created it (API key id or board user): the four-eyes rule keeps them from approving it.</summary>
    public required string Author { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The resolved true-positive alerts it reports.</summary>
    public required string[] AlertIds { get; init; }

    /// <summary>The entity (pseudonym) when it was drafted from one entity's alerts.</summary>
    public string? Entity { get; init; }

    public required ReportContent Content { get; init; }

    /// <summary>Who moved it to ready-for-review (the submitter may not approve it either).</summary>
    public string? SubmittedBy { get; init; }
    public string? Approver { get; init; }
    public DateTimeOffset? ApprovedAt { get; init; }

    /// <summary>The financial intelligence unit's reference once filed (BSA ID, goAML report id).</summary>
    public string? FiuReference { get; init; }
    public DateTimeOffset? FiledAt { get; init; }

    /// <summary>A continuing-activity report: the FIU reference of the filed report it follows up.</summary>
    public string? PriorFiuReference { get; init; }

    /// <summary>When the continuing-activity review is due: <see cref="ReportLifecycle.ContinuingReviewAfter"/> after filing.</summary>
    public DateTimeOffset? ReviewDueAt { get; init; }
}
