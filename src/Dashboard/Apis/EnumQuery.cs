using System.Text.Json;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>Parses enum query parameters in the API's kebab-case spelling (e.g. <c>status=open</c>).</summary>
public static class EnumQuery
{
    public static bool TryParse<T>(string name, string? text, out T? value, out string? error) where T : struct, Enum
    {
        value = null;
        error = null;
        if (string.IsNullOrEmpty(text))
            return true;
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(JsonNamingPolicy.KebabCaseLower.ConvertName(candidate.ToString()), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        var allowed = string.Join('|', Enum.GetValues<T>().Select(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString())));
        error = $"{name}: must be one of {allowed}";
        return false;
    }
}
