using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Silo.Cli.Output;

/// <summary>
/// Writes a figure that was not measured (NaN, e.g. a percentile without samples) or is infinite as JSON <c>null</c>,
/// so that `--output json` stays plain JSON numbers for jq and other readers, instead of the string "NaN".
/// </summary>
public sealed class NonFiniteAsNullConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteNullValue();
    }
}
