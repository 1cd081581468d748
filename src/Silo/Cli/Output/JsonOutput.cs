using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Silo.Cli.Output;

/// <summary>`--output json`: one indented document, camelCase names, enums as strings, unmeasured figures null, on stdout (docs/cli.md).</summary>
public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new NonFiniteAsNullConverter() },
    };

    public static void Write<T>(TextWriter output, T document)
    {
        output.WriteLine(JsonSerializer.Serialize(document, Options));
        output.Flush();
    }
}
