using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Replaces a tenant's PII (account, name, customer id) with keyed HMAC-SHA256 tokens: deterministic per key, so
/// windows and alert grouping still work per entity, but not linkable across tenants and not reversible without the key.
/// Thread-safe. Keeps one HMAC state per thread (recreating it costs microseconds) and a bounded token cache.
/// </summary>
public sealed class Pseudonymizer : IDisposable
{
    public const int DefaultCacheCapacity = 1 << 16;
    public const int MinKeyBytes = 16;

    private const int TokenChars = 24; // "p_" + 22 base64url chars of 16 bytes
    private const int StackBytes = 512;

    private readonly byte[] _key;
    private readonly ThreadLocal<IncrementalHash> _hmac;
    private readonly TokenCache _cache;
    private readonly PartyCache _parties = new();

    /// <param name="key">Secret key (≥ 16 bytes, 32 recommended); copied.</param>
    /// <param name="tenant">When set, <see cref="ToMonitored"/> refuses records of another tenant.</param>
    /// <param name="cacheCapacity">Cached raw→token pairs (rounded up to a power of two; 0 disables the cache).</param>
    public Pseudonymizer(byte[] key, string? tenant = null, int cacheCapacity = DefaultCacheCapacity)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinKeyBytes)
            throw new ArgumentException($"a pseudonymization key needs at least {MinKeyBytes} bytes", nameof(key));
        _key = (byte[])key.Clone();
        Tenant = tenant;
        _cache = new TokenCache(cacheCapacity);
        _hmac = new ThreadLocal<IncrementalHash>(
            () => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    public string? Tenant { get; }

    /// <summary>The token for <paramref name="raw"/>: <c>p_</c> + base64url of the first 16 bytes of HMAC-SHA256(key, UTF-8(raw)).</summary>
    public string Token(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(raw.Length);
        byte[]? rented = null;
        var utf8 = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var length = Encoding.UTF8.GetBytes(raw, utf8);
        var token = Token(utf8[..length]);
        // Raw PII should not linger in pooled buffers.
        utf8[..length].Clear();
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
        return token;
    }

    /// <summary>The token for the raw value whose UTF-8 bytes are <paramref name="rawUtf8"/> (as <see cref="Token(string)"/>).</summary>
    internal string Token(ReadOnlySpan<byte> rawUtf8)
    {
        var hash = TokenCache.Hash(rawUtf8);
        if (_cache.TryGet(rawUtf8, hash, out var token))
            return token;
        token = Compute(rawUtf8);
        _cache.Add(rawUtf8, hash, token);
        return token;
    }

    /// <summary>Null for null, empty or blank values (no information to protect, and "" must not become one shared entity).</summary>
    public string? TokenOrNull(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : Token(raw);

    /// <summary>As <see cref="TokenOrNull(string?)"/> for a parsed value, hashed from its UTF-8 bytes when it has them.</summary>
    internal string? TokenOrNull(RawValue raw)
    {
        if (!raw.TryGetUtf8(out var utf8))
            return TokenOrNull(raw.ToText());
        return Utf8Text.IsEmptyOrWhiteSpace(utf8) ? null : Token(utf8);
    }

    /// <summary>
    /// The grain-facing record: account, name and customerId replaced by tokens (country kept), card numbers, IBANs,
    /// SSNs and e-mail addresses in the memo masked (<c>[masked:card-number]</c>), channel mapped, arrays and maps
    /// copied. The record must have passed <see cref="RecordValidator"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A required field is missing, or the record belongs to another tenant.</exception>
    public MonitoredRecord ToMonitored(RawRecord record, DateTimeOffset acceptedAt) => Convert(record, acceptedAt, copy: true);

    /// <summary>
    /// As <see cref="ToMonitored"/>, but the result takes over the raw record's jurisdictions array and attribute and
    /// feature maps instead of copying them (three allocations per record on the ingest hot path). Only for a caller
    /// that owns <paramref name="record"/> and never touches it again, such as the ingest service with its parse result.
    /// </summary>
    internal MonitoredRecord ToMonitoredTakingOwnership(RawRecord record, DateTimeOffset acceptedAt) => Convert(record, acceptedAt, copy: false);

    private MonitoredRecord Convert(RawRecord record, DateTimeOffset acceptedAt, bool copy)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Id is null || record.Tenant is null || record.Timestamp is null || record.Amount is null || record.Currency is null)
            throw new ArgumentException("the record lacks required fields; validate it before pseudonymizing", nameof(record));
        if (Tenant is not null && !string.Equals(Tenant, record.Tenant, StringComparison.Ordinal))
            throw new ArgumentException("the record belongs to another tenant than this pseudonymizer's key", nameof(record));

        ChannelNames.TryParse(record.Channel, out var channel);
        return new MonitoredRecord(
            record.Id,
            record.Tenant,
            record.Timestamp.Value,
            record.Amount.Value,
            record.Currency,
            channel,
            ToParty(record.Originator),
            ToParty(record.Beneficiary),
            copy && record.Jurisdictions is { } jurisdictions ? (string[])jurisdictions.Clone() : record.Jurisdictions,
            record.DataSubjectRegion,
            record.ProcessingRegion,
            // PII typed into the memo is masked before the record is journaled; the pii-in-text rule sees the markers.
            record.Memo is { } memo ? Lepton.Monitor.Rules.PiiTextScanner.Mask(memo) : null,
            copy && record.Attributes is { } attributes ? new Dictionary<string, string>(attributes, StringComparer.Ordinal) : record.Attributes,
            copy && record.Features is { } features ? new Dictionary<string, double>(features, StringComparer.Ordinal) : record.Features)
        {
            AcceptedAt = acceptedAt,
        };
    }

    /// <summary>
    /// Rewrites one record's JSON for a dead letter (<see cref="JsonRedactor"/>): party account/name/customerId, memo,
    /// unknown fields and anything but a known code in a code field become tokens; ids, timestamps, amounts, attribute and
    /// feature values stay with card numbers, IBANs, SSNs and e-mail addresses masked; key names outside the schema become
    /// <c>&lt;key#N&gt;</c>. Null when the JSON cannot be parsed (store only the reason then).
    /// </summary>
    public string? RedactJson(ReadOnlySpan<byte> rawRecordJson) => JsonRedactor.Redact(rawRecordJson, this);

    /// <summary>
    /// <paramref name="rejection"/> with <see cref="Rejection.RedactedPayload"/> filled from its byte range in
    /// <paramref name="body"/> (the body it was parsed from), or left null when unparseable or out of range.
    /// </summary>
    public Rejection Redact(Rejection rejection, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        if (rejection.Length <= 0 || rejection.Offset < 0 || (long)rejection.Offset + rejection.Length > body.Length)
            return rejection;
        return rejection with { RedactedPayload = RedactJson(body.Slice(rejection.Offset, rejection.Length)) };
    }

    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
            hmac.Dispose();
        _hmac.Dispose();
        _cache.Clear();
        CryptographicOperations.ZeroMemory(_key);
    }

    private Party? ToParty(RawParty? party) => party is null
        ? null
        : _parties.Get(TokenOrNull(party.AccountValue), TokenOrNull(party.NameValue), party.Country, TokenOrNull(party.CustomerIdValue));

    private string Compute(ReadOnlySpan<byte> rawUtf8)
    {
        var hmac = _hmac.Value!;
        hmac.AppendData(rawUtf8);

        Span<byte> mac = stackalloc byte[32];
        hmac.GetHashAndReset(mac);
        Span<char> chars = stackalloc char[TokenChars];
        chars[0] = 'p';
        chars[1] = '_';
        Base64Url.EncodeToChars(mac[..16], chars[2..]);
        return new string(chars);
    }
}
