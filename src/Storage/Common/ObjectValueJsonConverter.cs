using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Storage;

/// <summary>
/// Reads <see cref="object"/>-typed members (ExplanationValue.Value/Threshold) back as plain CLR values
/// instead of <see cref="JsonElement"/>: numbers as decimal (keeps the written digits, e.g. 12500.00) or
/// double when out of decimal range, strings, booleans; anything else stays a cloned JsonElement.
/// </summary>
internal sealed class ObjectValueJsonConverter : JsonConverter<object>
{
    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDecimal(out var d) ? d : reader.GetDouble();
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Null:
                return null;
            default:
                using (var document = JsonDocument.ParseValue(ref reader))
                    return document.RootElement.Clone();
        }
    }

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        var type = value.GetType();
        if (type == typeof(object))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        JsonSerializer.Serialize(writer, value, type, options);
    }
}
