using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Accepts a transactions-topic message as bare schema-v1 JSON or as a CloudEvents 1.0 event (Kafka protocol binding):
/// binary mode (attributes in <c>ce_</c> headers, the value is the record) or structured mode (the value is the event
/// JSON and the record its <c>data</c>, or <c>data_base64</c>). Returns the record's bytes; anything else is returned
/// as is, so ingest rejects it with its usual reason.
/// </summary>
public static class CloudEventUnwrapper
{
    public const string StructuredContentType = "application/cloudevents+json";

    public static ReadOnlyMemory<byte> RecordBytes(byte[] value, Headers? headers)
    {
        // Binary mode: the value already is the record.
        if (headers is not null && headers.TryGetLastBytes("ce_specversion", out _))
            return value;
        // Structured mode: announced by content-type, or recognised by its specversion attribute (cheap byte search
        // first, so bare records are not parsed twice).
        var announced = headers is not null && headers.TryGetLastBytes("content-type", out var ct)
            && Encoding.ASCII.GetString(ct).StartsWith(StructuredContentType, StringComparison.OrdinalIgnoreCase);
        if (!announced && value.AsSpan().IndexOf("\"specversion\""u8) < 0)
            return value;
        return TryUnwrapStructured(value, out var record) ? record : value;
    }

    private static bool TryUnwrapStructured(byte[] value, out ReadOnlyMemory<byte> record)
    {
        record = default;
        try
        {
            var reader = new Utf8JsonReader(value);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return false;
            var isEvent = false;
            ReadOnlyMemory<byte>? data = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("specversion"u8))
                {
                    reader.Read();
                    isEvent = reader.TokenType == JsonTokenType.String;
                }
                else if (reader.ValueTextEquals("data"u8))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    data = value.AsMemory(start, (int)reader.BytesConsumed - start);
                }
                else if (reader.ValueTextEquals("data_base64"u8))
                {
                    reader.Read();
                    data = reader.TokenType == JsonTokenType.String ? Convert.FromBase64String(reader.GetString()!) : null;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (!isEvent || data is null)
                return false;
            record = data.Value;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return false; // not a well-formed event: ingest rejects the raw value with a JSON reason
        }
    }
}
