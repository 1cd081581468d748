namespace Lepton.Monitor.Ingest;

/// <summary>Top-level fields of schema v1, in the order validation reports them.</summary>
public enum RecordField
{
    Id,
    Tenant,
    Timestamp,
    Amount,
    Currency,
    Channel,
    Originator,
    Beneficiary,
    Jurisdictions,
    DataSubjectRegion,
    ProcessingRegion,
    Memo,
    Attributes,
    Features,
}
