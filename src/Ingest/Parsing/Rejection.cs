namespace Lepton.Monitor.Ingest;

/// <summary>
/// A record that will not be processed: its 0-based <paramref name="Index"/> in the body, its id when it could be read,
/// the reason (<c>field: problem</c>), and the record's JSON with PII replaced by tokens when the caller redacted it
/// (<see cref="Pseudonymizer.RedactJson"/>); raw PII is never stored.
/// </summary>
public sealed record Rejection(int Index, string? Id, string Reason, string? RedactedPayload)
{
    /// <summary>Byte offset of the record's JSON in the body (to redact it later); 0 with <see cref="Length"/> 0 when unknown.</summary>
    public int Offset { get; init; }

    /// <summary>Byte length of the record's JSON in the body.</summary>
    public int Length { get; init; }

    /// <summary>A rejection for a parsed record that failed validation, carrying its position for redaction.</summary>
    public static Rejection For(RawRecord record, string reason) =>
        new(record.Index, RecordParser.EchoId(record.Id), reason, null) { Offset = record.Offset, Length = record.Length };
}
