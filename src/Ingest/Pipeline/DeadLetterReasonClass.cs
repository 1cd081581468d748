namespace Lepton.Monitor.Ingest;

/// <summary>
/// The class of a dead letter's reason, for the <c>reason_class</c> tag: a small fixed set read from the reason's
/// field prefix ("amount: must be > 0" → <c>amount</c>), never the reason text (it can hold values and is unbounded).
/// </summary>
public static class DeadLetterReasonClass
{
    public const string Malformed = "malformed";
    public const string Oversize = "oversize";
    public const string Conflict = "conflict";
    public const string Id = "id";
    public const string Tenant = "tenant";
    public const string Timestamp = "timestamp";
    public const string Amount = "amount";
    public const string Currency = "currency";
    public const string Field = "field";

    public static string Of(string reason)
    {
        var colon = reason.IndexOf(':');
        var field = colon < 0 ? reason.AsSpan() : reason.AsSpan(0, colon);
        return field switch
        {
            "json" => Malformed,
            "record" => reason.Contains("exceeds", StringComparison.Ordinal) ? Oversize : Malformed,
            "body" => Oversize,
            "id" => reason.Contains("already used", StringComparison.Ordinal) ? Conflict : Id,
            "tenant" => Tenant,
            "timestamp" => Timestamp,
            "amount" => Amount,
            "currency" => Currency,
            _ => Field,
        };
    }
}
