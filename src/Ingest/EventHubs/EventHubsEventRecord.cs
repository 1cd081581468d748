using Azure.Messaging.EventHubs;
using Lepton.Monitor.Ingest.Streams;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// The record an event carries, by the CloudEvents AMQP binding: binary mode when the event has a
/// <c>cloudEvents:specversion</c> application property (or <c>cloudEvents_specversion</c>, the spelling for
/// transports that refuse ':'), the body then is the record; structured mode when the content type is
/// <c>application/cloudevents+json</c> or the body is an event; otherwise the body is a bare schema-v1 record.
/// </summary>
public static class EventHubsEventRecord
{
    public const string SpecVersionProperty = "cloudEvents:specversion";
    public const string SpecVersionPropertyUnderscore = "cloudEvents_specversion";

    public static ReadOnlyMemory<byte> RecordBytes(EventData e)
    {
        var properties = e.Properties;
        var binary = properties.Count > 0 && (properties.ContainsKey(SpecVersionProperty) || properties.ContainsKey(SpecVersionPropertyUnderscore));
        return CloudEventRecord.RecordBytes(e.EventBody.ToMemory(), binary, e.ContentType);
    }
}
