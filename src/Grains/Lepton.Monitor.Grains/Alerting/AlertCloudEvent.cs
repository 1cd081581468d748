using System.Text.Json;
using System.Text.Json.Serialization;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// An alert as a CloudEvents 1.0 structured-mode JSON event (the Kafka alert topic and the Event Hubs alert hub,
/// PRODUCT.md §6), built and written by CloudNative.CloudEvents: <c>data</c> is the alert exactly as
/// <c>GET /v1/alerts/{id}</c> serves it (camelCase, kebab-case enums, nulls left out), and the distributed-tracing
/// extension (<c>traceparent</c>, <c>tracestate</c>) leads back to the trace of the record that raised or grew it.
/// </summary>
public static class AlertCloudEvent
{
    public const string RaisedType = "lepton.alert.raised";
    public const string UpdatedType = "lepton.alert.updated";
    public const string ResolvedType = "lepton.alert.resolved";

    /// <summary>The CloudEvent type of a change type (<see cref="AlertEventTypes"/>): <c>lepton.</c> + it.</summary>
    public static string TypeOf(string changeType) => changeType switch
    {
        AlertEventTypes.Raised => RaisedType,
        AlertEventTypes.Updated => UpdatedType,
        AlertEventTypes.Resolved => ResolvedType,
        _ => throw new ArgumentOutOfRangeException(nameof(changeType), changeType, "not an alert change type"),
    };
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    /// <summary>The HTTP API's JSON shape (web defaults, nulls omitted).</summary>
    public static JsonSerializerOptions AlertJson { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes and reads the alert topic's events; <c>data</c> through <see cref="AlertJson"/>.</summary>
    public static JsonEventFormatter Formatter { get; } = new(AlertJson, new JsonDocumentOptions());

    /// <summary>The event, before it is written (tests and tools read its attributes).</summary>
    public static CloudEvent Create(Alert alert, string type, string eventId, DateTimeOffset time) =>
        new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Type = type,
            Source = new Uri(Source(alert), UriKind.RelativeOrAbsolute),
            Id = eventId,
            Subject = alert.Id,
            Time = time.ToUniversalTime(),
            DataContentType = "application/json",
            Data = alert,
        }.SetTrace(alert.TraceParent, alert.TraceState);

    /// <summary>Builds the event; <paramref name="eventId"/> is kept with it in the outbox so a re-publish repeats the same id.</summary>
    public static byte[] Serialize(Alert alert, string type, string eventId, DateTimeOffset time) =>
        Formatter.EncodeStructuredModeMessage(Create(alert, type, eventId, time), out _).ToArray();

    /// <summary>Reads a published event back (its <c>data</c> a <see cref="JsonElement"/>), tracing attributes included.</summary>
    public static CloudEvent Parse(ReadOnlyMemory<byte> body) =>
        Formatter.DecodeStructuredModeMessage(body, new System.Net.Mime.ContentType(ContentType), DistributedTracingExtension.AllAttributes);

    /// <summary>The producer context: which tenant and jurisdiction raised it.</summary>
    public static string Source(Alert alert) => $"/lepton-monitor/{alert.Tenant}/{alert.Jurisdiction}";
}
