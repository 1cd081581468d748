using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Rewrites a record's JSON so it can be stored as a dead letter without raw PII. Allow-list, not deny-list:
/// only the schema's non-identifying fields keep their values; every other string or number becomes a token
/// (so two dead letters of the same entity still correlate). Booleans and nulls carry nothing and stay.
/// </summary>
internal static class JsonRedactor
{
    // How many container levels below a property keep their scalars verbatim (-1: none, tokenize).
    private const int Tokenize = -1;
    private const int KeepScalar = 0;
    private const int KeepOneLevel = 1;

    public static string? Redact(ReadOnlySpan<byte> json, Pseudonymizer pseudonymizer)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read())
                return null;
            var buffer = new ArrayBufferWriter<byte>(json.Length + 64);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                    WriteRecord(ref reader, writer, pseudonymizer);
                else
                    WriteValue(ref reader, writer, pseudonymizer, Tokenize);
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

    private static void WriteRecord(ref Utf8JsonReader reader, Utf8JsonWriter writer, Pseudonymizer pseudonymizer)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            writer.WritePropertyName(name);
            reader.Read();
            var bytes = Encoding.UTF8.GetBytes(name);
            if (IsAny(bytes, "originator"u8, "beneficiary"u8) && reader.TokenType == JsonTokenType.StartObject)
                WriteParty(ref reader, writer, pseudonymizer);
            else
                WriteValue(ref reader, writer, pseudonymizer, KeepLevelFor(bytes));
        }
        writer.WriteEndObject();
    }

    private static int KeepLevelFor(ReadOnlySpan<byte> name)
    {
        if (IsAny(name, "id"u8, "tenant"u8, "timestamp"u8, "amount"u8) || IsAny(name, "currency"u8, "channel"u8, "dataSubjectRegion"u8, "processingRegion"u8))
            return KeepScalar;
        if (IsAny(name, "jurisdictions"u8, "attributes"u8, "features"u8))
            return KeepOneLevel;
        return Tokenize; // memo and anything unknown
    }

    private static void WriteParty(ref Utf8JsonReader reader, Utf8JsonWriter writer, Pseudonymizer pseudonymizer)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            writer.WritePropertyName(name);
            reader.Read();
            var keep = RawRecordReader.Is(Encoding.UTF8.GetBytes(name), "country"u8) ? KeepScalar : Tokenize;
            WriteValue(ref reader, writer, pseudonymizer, keep);
        }
        writer.WriteEndObject();
    }

    private static void WriteValue(ref Utf8JsonReader reader, Utf8JsonWriter writer, Pseudonymizer pseudonymizer, int keepDepth)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    writer.WritePropertyName(reader.GetString()!);
                    reader.Read();
                    WriteValue(ref reader, writer, pseudonymizer, keepDepth - 1);
                }
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    WriteValue(ref reader, writer, pseudonymizer, keepDepth - 1);
                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                writer.WriteStringValue(keepDepth >= 0 ? text : pseudonymizer.Token(text));
                break;
            case JsonTokenType.Number:
                // Numbers can be account numbers too; outside allow-listed fields they are tokenized as their text.
                if (keepDepth >= 0)
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                else
                    writer.WriteStringValue(pseudonymizer.Token(Encoding.UTF8.GetString(reader.ValueSpan)));
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

    private static bool IsAny(ReadOnlySpan<byte> name, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c) =>
        RawRecordReader.Is(name, a) || RawRecordReader.Is(name, b) || RawRecordReader.Is(name, c);

    private static bool IsAny(ReadOnlySpan<byte> name, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c, ReadOnlySpan<byte> d) =>
        IsAny(name, a, b) || IsAny(name, c, d);
}
