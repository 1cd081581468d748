using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The body of a Standard Webhooks delivery: <c>{ "type", "timestamp", "data" }</c>. Built once when the delivery is
/// created and stored, so every attempt and replay sends (and signs) the same bytes.
/// </summary>
public static class WebhookPayload
{
    /// <summary>A body whose <c>data</c> is <paramref name="dataJson"/> as is (the alert JSON of the change feed).</summary>
    public static string Create(string type, DateTimeOffset timestamp, string dataJson)
    {
        var buffer = new ArrayBufferWriter<byte>(dataJson.Length + 96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
            writer.WritePropertyName("data");
            writer.WriteRawValue(dataJson);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The <c>endpoint.disabled</c> notice: <c>data</c> is <c>{ subscriptionId, url, reason }</c>.</summary>
    public static string EndpointDisabled(DateTimeOffset timestamp, string subscriptionId, string url, string reason) =>
        Create(WebhookEventTypes.EndpointDisabled, timestamp, JsonSerializer.Serialize(new { subscriptionId, url, reason }, StorageJson.Options));
}
