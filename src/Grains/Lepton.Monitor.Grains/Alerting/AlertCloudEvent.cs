using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Grains.Alerting;

/// <summary>
/// An alert as a CloudEvents 1.0 structured-mode JSON event (the Kafka alert topic, PRODUCT.md §6): <c>data</c> is
/// the alert exactly as <c>GET /v1/alerts/{id}</c> serves it (camelCase, kebab-case enums, nulls left out).
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

    /// <summary>Builds the event; <paramref name="eventId"/> is kept with it in the outbox so a re-publish repeats the same id.</summary>
    public static byte[] Serialize(Alert alert, string type, string eventId, DateTimeOffset time)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("specversion"u8, "1.0");
            w.WriteString("type"u8, type);
            w.WriteString("source"u8, Source(alert));
            w.WriteString("id"u8, eventId);
            w.WriteString("subject"u8, alert.Id);
            w.WriteString("time"u8, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("datacontenttype"u8, "application/json");
            w.WritePropertyName("data"u8);
            JsonSerializer.Serialize(w, alert, AlertJson);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The producer context: which tenant and jurisdiction raised it.</summary>
    public static string Source(Alert alert) => $"/lepton-monitor/{alert.Tenant}/{alert.Jurisdiction}";
}
