namespace Lepton.Monitor.Ingest;

/// <summary>
/// A schema-v1 record as parsed, before validation and pseudonymization; raw PII included, so it must never be
/// logged or stored (a class, not a record, so <see cref="object.ToString"/> prints nothing of it).
/// Values of the wrong JSON type are not stored; instead <see cref="GetFieldError"/> names the problem so the
/// validator can report it in field order.
/// </summary>
public sealed class RawRecord
{
    private string?[]? _fieldErrors;

    // Values and flags instead of two nullables: the flags pack next to the ints, 16 bytes less per record.
    private DateTimeOffset _timestamp;
    private decimal _amount;
    private bool _hasTimestamp;
    private bool _hasAmount;

    /// <summary>0-based position of the record in the body (blank NDJSON lines do not count).</summary>
    public int Index { get; set; }

    /// <summary>Byte offset of the record's JSON in the body, for redacting it into a dead letter.</summary>
    public int Offset { get; set; }

    /// <summary>Byte length of the record's JSON in the body.</summary>
    public int Length { get; set; }

    public string? Id { get; set; }
    public string? Tenant { get; set; }

    /// <summary>The RFC 3339 timestamp, normalised to UTC; null when absent or unparseable (see the field error).</summary>
    public DateTimeOffset? Timestamp
    {
        get => _hasTimestamp ? _timestamp : null;
        set => (_hasTimestamp, _timestamp) = (value.HasValue, value.GetValueOrDefault());
    }

    /// <summary>Null when absent or not a usable number (see <see cref="AmountIsNotNumber"/> and the field error).</summary>
    public decimal? Amount
    {
        get => _hasAmount ? _amount : null;
        set => (_hasAmount, _amount) = (value.HasValue, value.GetValueOrDefault());
    }

    /// <summary>Canonical upper-case code when known (matched case-insensitively), else as received.</summary>
    public string? Currency { get; set; }

    /// <summary>Canonical lower-case channel when known (matched case-insensitively), else as received.</summary>
    public string? Channel { get; set; }

    public RawParty? Originator { get; set; }
    public RawParty? Beneficiary { get; set; }
    public string[]? Jurisdictions { get; set; }
    public string? DataSubjectRegion { get; set; }
    public string? ProcessingRegion { get; set; }
    public string? Memo { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
    public Dictionary<string, double>? Features { get; set; }

    /// <summary>True when <c>amount</c> was present but not a usable number (a string, a boolean, NaN, overflow).</summary>
    public bool AmountIsNotNumber => GetFieldError(RecordField.Amount) is not null;

    /// <summary>True when any field had the wrong JSON type or format.</summary>
    public bool HasFieldErrors => _fieldErrors is not null;

    /// <summary>The first problem seen in <paramref name="field"/> (a full reason, <c>field: problem</c>), or null.</summary>
    public string? GetFieldError(RecordField field) => _fieldErrors?[(int)field];

    /// <summary>Records a problem in <paramref name="field"/>; the first one per field wins (document order).</summary>
    public void SetFieldError(RecordField field, string reason)
    {
        // Allocated only for bad records: the common path carries no error storage.
        _fieldErrors ??= new string?[FieldCount];
        _fieldErrors[(int)field] ??= reason;
    }

    /// <summary>Back to a new record's state, for reuse by a pooled parse (<see cref="RawRecordStock"/>).</summary>
    internal void Clear()
    {
        _fieldErrors = null;
        _timestamp = default;
        _amount = default;
        _hasTimestamp = false;
        _hasAmount = false;
        Index = 0;
        Offset = 0;
        Length = 0;
        Id = null;
        Tenant = null;
        Currency = null;
        Channel = null;
        Originator = null;
        Beneficiary = null;
        Jurisdictions = null;
        DataSubjectRegion = null;
        ProcessingRegion = null;
        Memo = null;
        Attributes = null;
        Features = null;
    }

    private const int FieldCount = (int)RecordField.Features + 1;
}
