namespace Lepton.Monitor.Ingest;

/// <summary>The 202 answer of POST /v1/records: accepted count and, per rejected record, index, id and reason.</summary>
public sealed record IngestResult(int Accepted, int Duplicates, IReadOnlyList<RejectedRecord> Rejected);

public sealed record RejectedRecord(int Index, string? Id, string Reason);
