namespace Lepton.Monitor.Storage;

/// <summary>
/// A rejected input to keep (PRODUCT.md §3: never dropped). <see cref="RedactedPayload"/> must already be
/// redacted by the caller: the store keeps exactly these fields and never sees raw PII.
/// </summary>
/// <param name="Tenant">The tenant when it could be read, else null (visible to unscoped admins only).</param>
/// <param name="Source">One of <see cref="DeadLetterSources"/>: http, kafka, file.</param>
/// <param name="Index">0-based position in the request body or batch, when there is one.</param>
/// <param name="RecordId">The record id when it could be read.</param>
/// <param name="Reason">Why it was rejected, naming the field (e.g. "amount: must be &gt; 0").</param>
public sealed record DeadLetter(
    string? Tenant,
    string Source,
    int? Index,
    string? RecordId,
    string Reason,
    string? RedactedPayload,
    DateTimeOffset At);
