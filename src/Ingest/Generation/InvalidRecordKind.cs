namespace Lepton.Monitor.Ingest;

/// <summary>Ways the generator breaks a record on purpose; each has one exact rejection reason.</summary>
internal enum InvalidRecordKind
{
    MissingId,
    NonPositiveAmount,
    AmountAsString,
    UnknownCurrency,
    UnknownCountry,
    MalformedJson,
}
