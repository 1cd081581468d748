namespace Lepton.Monitor.Ingest;

/// <summary>
/// One side of a transaction exactly as received, raw PII included. A class, not a record, so that
/// <see cref="object.ToString"/> never prints the raw values into a log.
/// </summary>
public sealed class RawParty
{
    public string? Account { get; set; }
    public string? Name { get; set; }

    /// <summary>Canonical upper-case code when it matched a known code case-insensitively, else as received.</summary>
    public string? Country { get; set; }

    public string? CustomerId { get; set; }
}
