using System.Text.Json;

namespace Lepton.Monitor.Ingest.Streams;

/// <summary>
/// Accepts a streamed message as bare schema-v1 JSON or as a CloudEvents 1.0 event, whatever the protocol binding
/// (Kafka, AMQP): binary mode (attributes in headers or application properties, the body is the record) or structured
/// mode (the body is the event JSON and the record its <c>data</c>, or <c>data_base64</c>). Returns the record's
/// bytes; anything else is returned as is, so ingest rejects it with its usual reason.
/// </summary>
public static class CloudEventRecord
{
    public const string StructuredContentType = "application/cloudevents+json";

    /// <param name="body">The message body.</param>
    /// <param name="binaryMode">The binding carried a <c>specversion</c> attribute outside the body.</param>
    /// <param name="contentType">The message's content type, when the binding has one.</param>
    public static ReadOnlyMemory<byte> RecordBytes(ReadOnlyMemory<byte> body, bool binaryMode, string? contentType)
    {
        if (binaryMode)
            return body;
        // Structured mode: announced by content-type, or recognised by its specversion attribute (cheap byte search
        // first, so bare records are not parsed twice).
        var announced = contentType is not null && contentType.StartsWith(StructuredContentType, StringComparison.OrdinalIgnoreCase);
        if (!announced && body.Span.IndexOf("\"specversion\""u8) < 0)
            return body;
        return TryUnwrapStructured(body, out var record) ? record : body;
    }

    private static bool TryUnwrapStructured(ReadOnlyMemory<byte> value, out ReadOnlyMemory<byte> record)
    {
        record = default;
        try
        {
            var reader = new Utf8JsonReader(value.Span);
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
                    data = value.Slice(start, (int)reader.BytesConsumed - start);
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
