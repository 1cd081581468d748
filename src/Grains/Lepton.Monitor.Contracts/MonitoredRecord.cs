namespace Lepton.Monitor.Contracts;

/// <summary>
/// A validated, pseudonymized transaction as the grains see it (schema v1 minus raw PII).
/// Immutable so Orleans passes it between activations on one silo without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("lepton.record.v1")]
public sealed record MonitoredRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] decimal Amount,
    [property: Id(4)] string Currency,
    [property: Id(5)] PaymentChannel Channel,
    [property: Id(6)] Party? Originator,
    [property: Id(7)] Party? Beneficiary,
    [property: Id(8)] string[]? Jurisdictions,
    [property: Id(9)] string? DataSubjectRegion,
    [property: Id(10)] string? ProcessingRegion,
    [property: Id(11)] string? Memo,
    [property: Id(12)] IReadOnlyDictionary<string, string>? Attributes,
    [property: Id(13)] IReadOnlyDictionary<string, double>? Features)
{
    /// <summary>Entity the record is attributed to for windows and alert grouping: the originator's customer, else account.</summary>
    public string Entity => Originator?.CustomerId ?? Originator?.Account ?? Beneficiary?.Account ?? "unknown";

    /// <summary>When ingest accepted the record (journal time); drives ingest-to-alert latency.</summary>
    [Id(14)] public DateTimeOffset AcceptedAt { get; init; }
}
