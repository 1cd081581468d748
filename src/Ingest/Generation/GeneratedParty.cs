namespace Lepton.Monitor.Ingest;

/// <summary>One side of a generated transaction.</summary>
internal record struct GeneratedParty(string Account, string Name, string Country, string? CustomerId);
