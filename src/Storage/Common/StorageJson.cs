using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Storage;

/// <summary>
/// JSON for the columns that hold documents (explanation, record ids, comments, jurisdictions): camelCase,
/// enums as their lower-case or kebab names (true-positive), the same shape the HTTP API serves.
/// </summary>
internal static class StorageJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // A NaN score or value must not make an alert unstorable.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        // Options converters beat the contract's [JsonConverter] type attributes, which would write "Open".
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.Converters.Add(new ObjectValueJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
