namespace Lepton.Monitor.Ingest;

/// <summary>One side of a generated transaction; a null account or name is left out of the record (travel-rule plants).</summary>
internal record struct GeneratedParty(string? Account, string? Name, string Country, string? CustomerId);
