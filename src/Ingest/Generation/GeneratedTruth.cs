namespace Lepton.Monitor.Ingest;

/// <summary>What the generator knows about the record it just wrote.</summary>
internal readonly record struct GeneratedTruth(string? Id, IReadOnlyList<string> Planted, string? ExpectedRejection);
