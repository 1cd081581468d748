using System.Buffers;
using System.Text.Json;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;

namespace Lepton.Monitor.Alerting.Tests.CloudEvents;

/// <summary>
/// The hand-written envelope the alert topic used before CloudNative.CloudEvents (verbatim from AlertCloudEvent before
/// the switch), kept only so the tests can compare the SDK's output with what subscribers have been receiving.
/// </summary>
internal static class LegacyAlertCloudEvent
{
    public static byte[] Serialize(Alert alert, string type, string eventId, DateTimeOffset time)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("specversion"u8, "1.0");
            w.WriteString("type"u8, type);
            w.WriteString("source"u8, AlertCloudEvent.Source(alert));
            w.WriteString("id"u8, eventId);
            w.WriteString("subject"u8, alert.Id);
            w.WriteString("time"u8, time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("datacontenttype"u8, "application/json");
            w.WritePropertyName("data"u8);
            JsonSerializer.Serialize(w, alert, AlertCloudEvent.AlertJson);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
