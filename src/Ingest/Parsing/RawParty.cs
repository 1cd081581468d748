namespace Lepton.Monitor.Ingest;

/// <summary>
/// One side of a transaction exactly as received, raw PII included. A class, not a record, so that
/// <see cref="object.ToString"/> never prints the raw values into a log.
/// </summary>
/// <remarks>
/// Account, name and customer id are held as <see cref="RawValue"/>s: an ingest parse (<see cref="RecordParser.ParseOwned"/>)
/// leaves them as UTF-8 bytes in the request body for the pseudonymizer to hash; the properties decode them on demand.
/// </remarks>
public sealed class RawParty
{
    public string? Account { get => AccountValue.ToText(); set => AccountValue = RawValue.FromText(value); }
    public string? Name { get => NameValue.ToText(); set => NameValue = RawValue.FromText(value); }

    /// <summary>Canonical upper-case code when it matched a known code case-insensitively, else as received.</summary>
    public string? Country { get; set; }

    public string? CustomerId { get => CustomerIdValue.ToText(); set => CustomerIdValue = RawValue.FromText(value); }

    internal RawValue AccountValue { get; set; }
    internal RawValue NameValue { get; set; }
    internal RawValue CustomerIdValue { get; set; }

    /// <summary>Back to a new party's state, for reuse by a pooled parse (<see cref="RawRecordStock"/>).</summary>
    internal void Clear()
    {
        Country = null;
        AccountValue = default;
        NameValue = default;
        CustomerIdValue = default;
    }
}
