using System.Text;
using System.Text.Json;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Reads one schema-v1 object from a <see cref="Utf8JsonReader"/> into a <see cref="RawRecord"/> without a DOM or
/// the reflection serializer. Wrong JSON types become field errors (the value is skipped); only malformed JSON throws.
/// Property names match case-insensitively, like ASP.NET's web JSON defaults; unknown properties are skipped.
/// </summary>
internal static class RawRecordReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic] private static List<string>? t_scratch;

    /// <summary>Reads from the current <see cref="JsonTokenType.StartObject"/> through its matching end.</summary>
    /// <param name="body">For an owned parse, where the reader's input lies (PII stays bytes there, repeated maps are shared).</param>
    /// <param name="stock">Where the record's parties come from.</param>
    public static void ReadObject(ref Utf8JsonReader reader, RawRecord record, Utf8StringCache cache, OwnedBody body, RawRecordStock stock)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = MatchField(ref reader);
            reader.Read();
            switch (field)
            {
                case RecordField.Id:
                    record.Id = ReadString(ref reader, record, RecordField.Id, "id: must be a string") ?? record.Id;
                    break;
                case RecordField.Tenant:
                    if (reader.TokenType == JsonTokenType.String)
                        record.Tenant = ReadCached(ref reader, cache);
                    else
                        Mistyped(ref reader, record, RecordField.Tenant, "tenant: must be a string");
                    break;
                case RecordField.Timestamp:
                    ReadTimestamp(ref reader, record);
                    break;
                case RecordField.Amount:
                    ReadAmount(ref reader, record);
                    break;
                case RecordField.Currency:
                    record.Currency = ReadCode(ref reader, record, KnownCodes.Currencies, RecordField.Currency, "currency: must be a string") ?? record.Currency;
                    break;
                case RecordField.Channel:
                    record.Channel = ReadCode(ref reader, record, KnownCodes.Channels, RecordField.Channel, "channel: must be a string") ?? record.Channel;
                    break;
                case RecordField.Originator:
                    record.Originator = ReadParty(ref reader, record, RecordField.Originator, PartyReasons.Originator, body, stock) ?? record.Originator;
                    break;
                case RecordField.Beneficiary:
                    record.Beneficiary = ReadParty(ref reader, record, RecordField.Beneficiary, PartyReasons.Beneficiary, body, stock) ?? record.Beneficiary;
                    break;
                case RecordField.Jurisdictions:
                    ReadJurisdictions(ref reader, record, body);
                    break;
                case RecordField.DataSubjectRegion:
                    record.DataSubjectRegion = ReadCode(ref reader, record, KnownCodes.Regions, RecordField.DataSubjectRegion, "dataSubjectRegion: must be a string") ?? record.DataSubjectRegion;
                    break;
                case RecordField.ProcessingRegion:
                    record.ProcessingRegion = ReadCode(ref reader, record, KnownCodes.Regions, RecordField.ProcessingRegion, "processingRegion: must be a string") ?? record.ProcessingRegion;
                    break;
                case RecordField.Memo:
                    record.Memo = ReadString(ref reader, record, RecordField.Memo, "memo: must be a string") ?? record.Memo;
                    break;
                case RecordField.Attributes:
                    ReadAttributes(ref reader, record, cache, body);
                    break;
                case RecordField.Features:
                    ReadFeatures(ref reader, record, cache, body);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        // Read() returned false or a non-property token: only EndObject is legal here, and the reader itself throws on
        // anything else, so reaching this point means the object is complete.
    }

    private static RecordField? MatchField(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
            return MatchField(reader.ValueSpan);
        if (reader.ValueSpan.Length > 128)
            return null;
        Span<byte> buffer = stackalloc byte[128];
        var written = reader.CopyString(buffer);
        return MatchField(buffer[..written]);
    }

    private static RecordField? MatchField(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Is(name, "id"u8) => RecordField.Id,
        4 when Is(name, "memo"u8) => RecordField.Memo,
        6 when Is(name, "tenant"u8) => RecordField.Tenant,
        6 when Is(name, "amount"u8) => RecordField.Amount,
        7 when Is(name, "channel"u8) => RecordField.Channel,
        8 when Is(name, "currency"u8) => RecordField.Currency,
        8 when Is(name, "features"u8) => RecordField.Features,
        9 when Is(name, "timestamp"u8) => RecordField.Timestamp,
        10 when Is(name, "originator"u8) => RecordField.Originator,
        10 when Is(name, "attributes"u8) => RecordField.Attributes,
        11 when Is(name, "beneficiary"u8) => RecordField.Beneficiary,
        13 when Is(name, "jurisdictions"u8) => RecordField.Jurisdictions,
        16 when Is(name, "processingRegion"u8) => RecordField.ProcessingRegion,
        17 when Is(name, "dataSubjectRegion"u8) => RecordField.DataSubjectRegion,
        _ => null,
    };

    /// <summary>Exact match first (the common case), then ASCII case-insensitive.</summary>
    internal static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> expected) =>
        name.SequenceEqual(expected) || System.Text.Ascii.EqualsIgnoreCase(name, expected);

    private static string? ReadString(ref Utf8JsonReader reader, RawRecord record, RecordField field, string mistyped)
    {
        if (reader.TokenType == JsonTokenType.String)
            return GetString(ref reader);
        Mistyped(ref reader, record, field, mistyped);
        return null;
    }

    private static string? ReadCode(ref Utf8JsonReader reader, RawRecord record, CodeTable table, RecordField field, string mistyped)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            Mistyped(ref reader, record, field, mistyped);
            return null;
        }
        return ReadCodeValue(ref reader, table);
    }

    private static string ReadCodeValue(ref Utf8JsonReader reader, CodeTable table)
    {
        if (!reader.ValueIsEscaped && table.TryGet(reader.ValueSpan, out var code))
            return code;
        return GetString(ref reader);
    }

    /// <summary>Null stays "absent"; any other wrong type is recorded and its value skipped.</summary>
    private static void Mistyped(ref Utf8JsonReader reader, RawRecord record, RecordField field, string reason)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return;
        record.SetFieldError(field, reason);
        reader.Skip();
    }

    private static string ReadCached(ref Utf8JsonReader reader, Utf8StringCache cache) =>
        reader.ValueIsEscaped ? GetString(ref reader) : cache.Get(reader.ValueSpan);

    private static string GetString(ref Utf8JsonReader reader) =>
        // Strict decoding: GetString validates too, but decoding unescaped bytes ourselves skips a copy.
        reader.ValueIsEscaped ? reader.GetString()! : StrictUtf8.GetString(reader.ValueSpan);

    private static void ReadTimestamp(ref Utf8JsonReader reader, RawRecord record)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            Mistyped(ref reader, record, RecordField.Timestamp, "timestamp: must be a string");
            return;
        }
        scoped ReadOnlySpan<byte> text = reader.ValueSpan;
        Span<byte> buffer = stackalloc byte[64];
        if (reader.ValueIsEscaped)
        {
            if (text.Length > 64 * 6)
            {
                record.SetFieldError(RecordField.Timestamp, "timestamp: must be RFC 3339");
                return;
            }
            var unescaped = reader.GetString()!;
            if (unescaped.Length > 64 || !System.Text.Ascii.IsValid(unescaped))
            {
                record.SetFieldError(RecordField.Timestamp, "timestamp: must be RFC 3339");
                return;
            }
            var written = Encoding.ASCII.GetBytes(unescaped, buffer);
            text = buffer[..written];
        }
        if (Rfc3339.TryParse(text, out var timestamp))
            record.Timestamp = timestamp;
        else
            record.SetFieldError(RecordField.Timestamp, "timestamp: must be RFC 3339");
    }

    private static void ReadAmount(ref Utf8JsonReader reader, RawRecord record)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDecimal(out var amount))
                    record.Amount = amount;
                else if (reader.TryGetDouble(out var approx) && double.IsFinite(approx))
                    record.SetFieldError(RecordField.Amount, "amount: out of range");
                else
                    record.SetFieldError(RecordField.Amount, "amount: must be a finite number");
                break;
            case JsonTokenType.String:
                // "NaN" / "Infinity" are how serializers smuggle non-finite numbers into JSON.
                record.SetFieldError(RecordField.Amount, IsNonFiniteWord(reader.ValueSpan)
                    ? "amount: must be a finite number"
                    : "amount: must be a number");
                break;
            default:
                Mistyped(ref reader, record, RecordField.Amount, "amount: must be a number");
                break;
        }
    }

    private static bool IsNonFiniteWord(ReadOnlySpan<byte> text)
    {
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
            text = text[1..];
        return System.Text.Ascii.EqualsIgnoreCase(text, "nan"u8)
            || System.Text.Ascii.EqualsIgnoreCase(text, "infinity"u8)
            || System.Text.Ascii.EqualsIgnoreCase(text, "inf"u8);
    }

    private static RawParty? ReadParty(ref Utf8JsonReader reader, RawRecord record, RecordField field, PartyReasons reasons, OwnedBody body, RawRecordStock stock)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Mistyped(ref reader, record, field, reasons.NotObject);
            return null;
        }
        var party = stock.NextParty();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = MatchPartyField(ref reader);
            reader.Read();
            switch (property)
            {
                case PartyField.Account:
                    if (ReadPii(ref reader, record, field, reasons.Account, body) is { IsNull: false } account)
                        party.AccountValue = account;
                    break;
                case PartyField.Name:
                    if (ReadPii(ref reader, record, field, reasons.Name, body) is { IsNull: false } name)
                        party.NameValue = name;
                    break;
                case PartyField.Country:
                    party.Country = ReadCode(ref reader, record, KnownCodes.Regions, field, reasons.Country) ?? party.Country;
                    break;
                case PartyField.CustomerId:
                    if (ReadPii(ref reader, record, field, reasons.CustomerId, body) is { IsNull: false } customerId)
                        party.CustomerIdValue = customerId;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return party;
    }

    /// <summary>
    /// A PII string: in an owned body, unescaped, it stays where it is as UTF-8 (checked as strictly as decoding would,
    /// so the same records fail); otherwise decoded as any string.
    /// </summary>
    private static RawValue ReadPii(ref Utf8JsonReader reader, RawRecord record, RecordField field, string mistyped, OwnedBody body)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            Mistyped(ref reader, record, field, mistyped);
            return default;
        }
        if (body.Array is null || reader.ValueIsEscaped)
            return RawValue.FromText(GetString(ref reader));
        var utf8 = reader.ValueSpan;
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
            throw new DecoderFallbackException("invalid UTF-8 in a string");
        // A string token starts at its opening quote; its unescaped value follows.
        return RawValue.FromUtf8(body.Array, body.ReaderStart + (int)reader.TokenStartIndex + 1, utf8.Length);
    }

    private static PartyField MatchPartyField(ref Utf8JsonReader reader)
    {
        scoped ReadOnlySpan<byte> name = reader.ValueSpan;
        Span<byte> buffer = stackalloc byte[64];
        if (reader.ValueIsEscaped)
        {
            if (name.Length > 64)
                return PartyField.Unknown;
            name = buffer[..reader.CopyString(buffer)];
        }
        return name.Length switch
        {
            4 when Is(name, "name"u8) => PartyField.Name,
            7 when Is(name, "account"u8) => PartyField.Account,
            7 when Is(name, "country"u8) => PartyField.Country,
            10 when Is(name, "customerId"u8) => PartyField.CustomerId,
            _ => PartyField.Unknown,
        };
    }

    private static void ReadJurisdictions(ref Utf8JsonReader reader, RawRecord record, OwnedBody body)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Mistyped(ref reader, record, RecordField.Jurisdictions, "jurisdictions: must be an array of strings");
            return;
        }
        var items = t_scratch ??= new List<string>(8);
        items.Clear();
        // Only an owned parse shares arrays, and only lists of known codes (canonical instances, compared by reference).
        var shareable = body.Array is not null;
        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                if (!reader.ValueIsEscaped && KnownCodes.Regions.TryGet(reader.ValueSpan, out var code))
                {
                    items.Add(code);
                }
                else
                {
                    items.Add(GetString(ref reader));
                    shareable = false;
                }
            }
            else
            {
                record.SetFieldError(RecordField.Jurisdictions, $"jurisdictions[{position}]: must be a string");
                reader.Skip();
            }
            position++;
        }
        record.Jurisdictions = items.Count == 0 ? [] : shareable ? SharedCodeArrays.Current.Get(items) : items.ToArray();
        items.Clear();
    }

    private static void ReadAttributes(ref Utf8JsonReader reader, RawRecord record, Utf8StringCache cache, OwnedBody body)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Mistyped(ref reader, record, RecordField.Attributes, "attributes: must be an object of strings");
            return;
        }
        var shared = SharedMapCache<string>.Current;
        if (TryShared(ref reader, body, shared, out var json, out var hash, out var known))
        {
            record.Attributes = known;
            return;
        }
        var clean = true;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = ReadCached(ref reader, cache);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                attributes[key] = ReadCached(ref reader, cache);
            }
            else
            {
                // Named by position, never by key: a key is sender text and may be a card number or a name.
                clean = false;
                if (record.GetFieldError(RecordField.Attributes) is null)
                    record.SetFieldError(RecordField.Attributes, $"attributes[{position}]: must be a string");
                reader.Skip();
            }
            position++;
        }
        record.Attributes = attributes;
        if (clean && !json.IsEmpty)
            shared.Offer(json, hash, attributes);
    }

    private static void ReadFeatures(ref Utf8JsonReader reader, RawRecord record, Utf8StringCache cache, OwnedBody body)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Mistyped(ref reader, record, RecordField.Features, "features: must be an object of numbers");
            return;
        }
        var shared = SharedMapCache<double>.Current;
        if (TryShared(ref reader, body, shared, out var json, out var hash, out var known))
        {
            record.Features = known;
            return;
        }
        var clean = true;
        var features = new Dictionary<string, double>(StringComparer.Ordinal);
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = ReadCached(ref reader, cache);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value))
            {
                features[key] = value;
            }
            else
            {
                // Named by position, never by key: a key is sender text and may be a card number or a name.
                clean = false;
                if (record.GetFieldError(RecordField.Features) is null)
                    record.SetFieldError(RecordField.Features, $"features[{position}]: must be a finite number");
                reader.Skip();
            }
            position++;
        }
        record.Features = features;
        if (clean && !json.IsEmpty)
            shared.Offer(json, hash, features);
    }

    /// <summary>
    /// In an owned body, the shared map for the object at the reader (then the reader is past it), or false with the
    /// object's JSON and hash to offer once parsed (empty JSON: not cacheable). Finding the object's end must not change
    /// which error a malformed record reports, so a failure here leaves the ordinary parse to meet it.
    /// </summary>
    private static bool TryShared<TValue>(ref Utf8JsonReader reader, OwnedBody body, SharedMapCache<TValue> shared,
        out ReadOnlySpan<byte> json, out int hash, out Dictionary<string, TValue>? map)
    {
        json = default;
        hash = 0;
        map = null;
        if (body.Array is null)
            return false;
        var probe = reader;
        try
        {
            probe.Skip();
        }
        catch (JsonException)
        {
            return false;
        }
        if (probe.BytesConsumed - reader.TokenStartIndex > SharedMapCache<TValue>.MaxBytes)
            return false;
        var text = body.Slice(reader.TokenStartIndex, probe.BytesConsumed);
        if (shared.TryGet(text, out hash, out map))
        {
            reader = probe;
            return true;
        }
        json = text;
        return false;
    }

    private enum PartyField { Unknown, Account, Name, Country, CustomerId }
}
