using System.Text.Json;

namespace Lepton.Monitor.Ingest.Outbox;

/// <summary>
/// The distributed-tracing extension (<c>traceparent</c>, <c>tracestate</c>) of a structured-mode CloudEvent in the
/// outbox, read back so the transports can repeat it where brokers' tracing tools look (a Kafka header, an Event Hubs
/// application property). Only the event's top-level attributes are read; <c>data</c> is skipped unparsed.
/// </summary>
public static class CloudEventTraceAttributes
{
    public static (string? TraceParent, string? TraceState) Read(ReadOnlySpan<byte> structuredEvent)
    {
        string? traceParent = null, traceState = null;
        try
        {
            var reader = new Utf8JsonReader(structuredEvent);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isParent = reader.ValueTextEquals("traceparent"u8);
                var isState = !isParent && reader.ValueTextEquals("tracestate"u8);
                reader.Read();
                if (isParent && reader.TokenType == JsonTokenType.String)
                    traceParent = reader.GetString();
                else if (isState && reader.TokenType == JsonTokenType.String)
                    traceState = reader.GetString();
                else
                    reader.Skip();
            }
        }
        catch (JsonException)
        {
            return default; // not an event we wrote: publish it without trace headers
        }
        return (traceParent, traceState);
    }
}
