using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Rules;

/// <summary>Reads an override's window given as a JSON string (<c>"PT10M"</c>) or a number of seconds (<c>600</c>) into its text.</summary>
internal sealed class WindowTextJsonConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
            JsonTokenType.Null => null,
            _ => throw new JsonException("window must be an ISO-8601 duration string or a number of seconds"),
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
            writer.WriteNullValue();
        else
            writer.WriteStringValue(value);
    }
}
