namespace Lepton.Monitor.Drift.Fairness;

/// <summary>A fairness check over every tracked attribute.</summary>
public sealed record FairnessCheckResult(DateTimeOffset CheckedAt, long WindowRecords, IReadOnlyList<AttributeFairness> Attributes)
{
    public bool AnyFinding => Attributes.Any(a => a.Finding);
}
