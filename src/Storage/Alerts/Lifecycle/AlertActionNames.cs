using System.Text.Json;

namespace Lepton.Monitor.Storage;

/// <summary>How actions are spelled in routes and bulk bodies (kebab-case, like every enum the API speaks).</summary>
public static class AlertActionNames
{
    public static string ToText(AlertAction action) => JsonNamingPolicy.KebabCaseLower.ConvertName(action.ToString());

    public static bool TryParse(string? text, out AlertAction action)
    {
        foreach (var candidate in Enum.GetValues<AlertAction>())
        {
            if (string.Equals(ToText(candidate), text, StringComparison.Ordinal))
            {
                action = candidate;
                return true;
            }
        }
        action = default;
        return false;
    }

    /// <summary>Every action's spelling, for error messages.</summary>
    public static string Allowed => string.Join('|', Enum.GetValues<AlertAction>().Select(ToText));
}
