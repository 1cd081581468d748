using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Compliance.Posture;

/// <summary>JSON of stored posture documents and API answers: web defaults, enums as camelCase strings.</summary>
public static class ComplianceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
