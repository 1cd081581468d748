using System.Buffers;
using System.Text;
using System.Text.Json;
using Lepton.Monitor.Rules;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Rewrites a record's JSON so it can be stored as a dead letter without raw PII. A dead letter is a record that failed
/// validation, so any field may hold anything: every value is judged by what its field may safely hold, never trusted
/// because of the field's name.
/// <list type="bullet">
/// <item>Code fields (currency, channel, regions, jurisdictions, party country) keep a value only when it is a known code;
/// anything else becomes a token (so two dead letters of the same entity still correlate).</item>
/// <item>Identifiers and free text (party account, name, customer id, memo, unknown fields) become tokens.</item>
/// <item>Diagnostic fields (id, tenant, timestamp, amount, attribute values, feature values) keep their value with card
/// numbers, IBANs, SSNs and e-mail addresses masked (<see cref="PiiTextScanner"/>); a number holding one becomes its
/// marker.</item>
/// <item>Key names outside the schema become <c>&lt;key#N&gt;</c>; attribute and feature keys stay unless they hold PII.</item>
/// </list>
/// Booleans and nulls carry nothing and stay.
/// </summary>
internal static class JsonRedactor
{
    private enum Kind { Opaque, Text, Number, Tenant, Currency, Channel, Region, Regions, Map, Party }

    public static string? Redact(ReadOnlySpan<byte> json, Pseudonymizer pseudonymizer)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
                return null;
            var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
            var context = new Context(pseudonymizer);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                    WriteRecord(ref reader, writer, context);
                else
                    WriteOpaque(ref reader, writer, context);
                // Trailing content makes the reader throw: a malformed record is not half-redacted.
                while (reader.Read())
                {
                }
            }
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // ArgumentException covers DecoderFallbackException (invalid UTF-8).
            return null;
        }
    }

    private static void WriteRecord(ref Utf8JsonReader reader, Utf8JsonWriter writer, Context context)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var kind = KindOf(Encoding.UTF8.GetBytes(name));
            writer.WritePropertyName(kind is null ? context.NextKey() : name);
            reader.Read();
            WriteField(ref reader, writer, context, kind ?? Kind.Opaque);
        }
        writer.WriteEndObject();
    }

    private static Kind? KindOf(ReadOnlySpan<byte> name)
    {
        if (IsAny(name, "id"u8, "timestamp"u8))
            return Kind.Text;
        if (RawRecordReader.Is(name, "amount"u8))
            return Kind.Number;
        if (RawRecordReader.Is(name, "tenant"u8))
            return Kind.Tenant;
        if (RawRecordReader.Is(name, "currency"u8))
            return Kind.Currency;
        if (RawRecordReader.Is(name, "channel"u8))
            return Kind.Channel;
        if (IsAny(name, "dataSubjectRegion"u8, "processingRegion"u8))
            return Kind.Region;
        if (RawRecordReader.Is(name, "jurisdictions"u8))
            return Kind.Regions;
        if (IsAny(name, "attributes"u8, "features"u8))
            return Kind.Map;
        if (IsAny(name, "originator"u8, "beneficiary"u8))
            return Kind.Party;
        if (RawRecordReader.Is(name, "memo"u8))
            return Kind.Opaque;
        return null;
    }

    private static void WriteField(ref Utf8JsonReader reader, Utf8JsonWriter writer, Context context, Kind kind)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when kind == Kind.Party:
                WriteParty(ref reader, writer, context);
                return;
            case JsonTokenType.StartObject when kind == Kind.Map:
                WriteMap(ref reader, writer, context);
                return;
            case JsonTokenType.StartArray when kind == Kind.Regions:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    WriteField(ref reader, writer, context, Kind.Region);
                writer.WriteEndArray();
                return;
            case JsonTokenType.String:
                WriteString(reader.GetString()!, writer, context, kind);
                return;
            case JsonTokenType.Number when kind is Kind.Text or Kind.Number or Kind.Map:
                WriteNumber(reader.ValueSpan, writer);
                return;
            default:
                // A container where a scalar belongs, a number where a code belongs, and everything of unknown fields.
                WriteOpaque(ref reader, writer, context);
                return;
        }
    }

    private static void WriteString(string text, Utf8JsonWriter writer, Context context, Kind kind)
    {
        var safe = kind switch
        {
            Kind.Text or Kind.Number or Kind.Map => PiiTextScanner.Mask(text),
            Kind.Tenant => RecordValidator.IsTenantId(text) ? PiiTextScanner.Mask(text) : null,
            Kind.Currency => IsoCodes.Currencies.Contains(text) || IsoCodes.Currencies.Contains(text.ToUpperInvariant()) ? text : null,
            Kind.Channel => ChannelNames.TryParse(text, out _) ? text : null,
            Kind.Region or Kind.Regions => JurisdictionCodes.IsRegion(text) || JurisdictionCodes.IsRegion(text.ToUpperInvariant()) ? text : null,
            _ => null,
        };
        writer.WriteStringValue(safe ?? context.Pseudonymizer.Token(text));
    }

    private static void WriteNumber(ReadOnlySpan<byte> raw, Utf8JsonWriter writer)
    {
        // A card number sent as a JSON number is still a card number.
        var text = Encoding.UTF8.GetString(raw);
        if (PiiTextScanner.Scan(text) == PiiKinds.None)
            writer.WriteRawValue(raw, skipInputValidation: true);
        else
            writer.WriteStringValue(PiiTextScanner.Mask(text));
    }

    /// <summary>Attributes and features: user keys stay unless they hold PII; values are diagnostic, masked.</summary>
    private static void WriteMap(ref Utf8JsonReader reader, Utf8JsonWriter writer, Context context)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            writer.WritePropertyName(PiiTextScanner.Scan(key) == PiiKinds.None ? key : context.NextKey());
            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                WriteOpaque(ref reader, writer, context);
            else
                WriteField(ref reader, writer, context, Kind.Map);
        }
        writer.WriteEndObject();
    }

    private static void WriteParty(ref Utf8JsonReader reader, Utf8JsonWriter writer, Context context)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var bytes = Encoding.UTF8.GetBytes(name);
            var known = IsAny(bytes, "account"u8, "name"u8) || IsAny(bytes, "country"u8, "customerId"u8);
            writer.WritePropertyName(known ? name : context.NextKey());
            reader.Read();
            WriteField(ref reader, writer, context, RawRecordReader.Is(bytes, "country"u8) ? Kind.Region : Kind.Opaque);
        }
        writer.WriteEndObject();
    }

    /// <summary>Strings and numbers become tokens, key names become <c>&lt;key#N&gt;</c>, structure stays.</summary>
    private static void WriteOpaque(ref Utf8JsonReader reader, Utf8JsonWriter writer, Context context)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    writer.WritePropertyName(context.NextKey());
                    reader.Read();
                    WriteOpaque(ref reader, writer, context);
                }
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    WriteOpaque(ref reader, writer, context);
                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(context.Pseudonymizer.Token(reader.GetString()!));
                break;
            case JsonTokenType.Number:
                // Numbers can be account numbers too: tokenized as their text.
                writer.WriteStringValue(context.Pseudonymizer.Token(Encoding.UTF8.GetString(reader.ValueSpan)));
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static bool IsAny(ReadOnlySpan<byte> name, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        RawRecordReader.Is(name, a) || RawRecordReader.Is(name, b);

    private sealed class Context(Pseudonymizer pseudonymizer)
    {
        private int _keys;

        public Pseudonymizer Pseudonymizer { get; } = pseudonymizer;

        /// <summary>A placeholder for a key name that is not stored; numbered so the object keeps distinct keys.</summary>
        public string NextKey() => $"<key#{++_keys}>";
    }
}
