namespace Lepton.Monitor.Ingest;

/// <summary>What an operator's replay did, record by record; <see cref="More"/> when more records matched than one replay covers.</summary>
public sealed record ParkedReplayReport(int Replayed, int StillFailing, bool More, IReadOnlyList<ParkedReplayOutcome> Outcomes);

/// <summary>
/// One record's replay: <see cref="Outcome"/> is <c>replayed</c> (processed, no longer parked) or <c>failing</c>
/// (still parked; <see cref="Reason"/> says why).
/// </summary>
public sealed record ParkedReplayOutcome(string Tenant, string Monitor, string RecordId, string Outcome, string? Reason)
{
    public const string Replayed = "replayed";
    public const string Failing = "failing";
}
