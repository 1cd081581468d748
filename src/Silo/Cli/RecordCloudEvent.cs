using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Confluent.Kafka;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// One record line as a CloudEvent 1.0 (type <c>lepton.record</c>, source <c>/lepton-cli/publish</c>) built with
/// CloudNative.CloudEvents, for <c>lepton publish</c>: structured mode through its JSON formatter, binary mode as the
/// Kafka binding's <c>ce_</c> headers or the AMQP binding's <c>cloudEvents:</c> application properties, written here
/// from the event's attributes (no Kafka or AMQP binding package of the SDK is served).
/// </summary>
public static class RecordCloudEvent
{
    public const string Type = "lepton.record";
    public const string Source = "/lepton-cli/publish";

    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>
    /// The event of one line. A line that is not JSON is carried as <c>data_base64</c> bytes, so it stays malformed and
    /// ingest dead-letters it, as it would the bare line.
    /// </summary>
    public static CloudEvent Create(byte[] record, string eventId)
    {
        var cloudEvent = Attributes(eventId);
        try
        {
            using var document = JsonDocument.Parse(record);
            cloudEvent.Data = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            cloudEvent.Data = record;
        }
        return cloudEvent;
    }

    /// <summary>The event's attributes without data: binary mode, where the message body is the record as is.</summary>
    public static CloudEvent Attributes(string eventId) => new(CloudEventsSpecVersion.V1_0)
    {
        Type = Type,
        Source = new Uri(Source, UriKind.Relative),
        Id = eventId,
        DataContentType = "application/json",
    };

    /// <summary>Structured mode: the event JSON (<c>application/cloudevents+json</c>) with the record as <c>data</c>.</summary>
    public static byte[] Structured(byte[] record, string eventId) =>
        Formatter.EncodeStructuredModeMessage(Create(record, eventId), out _).ToArray();

    /// <summary>Kafka binary mode: every attribute as a <c>ce_</c> header, <c>datacontenttype</c> as <c>content-type</c>.</summary>
    public static void AddKafkaBinaryHeaders(CloudEvent cloudEvent, Headers headers)
    {
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            var text = attribute.Format(value);
            headers.Add(attribute == CloudEventsSpecVersion.V1_0.DataContentTypeAttribute ? "content-type" : "ce_" + attribute.Name, Encoding.UTF8.GetBytes(text));
        }
        headers.Add("ce_" + CloudEventsSpecVersion.SpecVersionAttribute.Name, Encoding.UTF8.GetBytes(cloudEvent.SpecVersion.VersionId));
    }

    /// <summary>AMQP binary mode: every attribute as a <c>cloudEvents:</c> application property (content type aside).</summary>
    public static void AddAmqpBinaryProperties(CloudEvent cloudEvent, IDictionary<string, object> properties)
    {
        properties["cloudEvents:" + CloudEventsSpecVersion.SpecVersionAttribute.Name] = cloudEvent.SpecVersion.VersionId;
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute != CloudEventsSpecVersion.V1_0.DataContentTypeAttribute)
                properties["cloudEvents:" + attribute.Name] = attribute.Format(value);
        }
    }
}
