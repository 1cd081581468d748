using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>Turns the JSON parameters of an action (enums as kebab-case text) into <see cref="AlertActionParameters"/>, or a 400 reason.</summary>
public static class AlertActionParameterParser
{
    public static bool TryParse(string? assignee, string? text, string? disposition, DateTimeOffset? until, string? severity, string? comment,
        out AlertActionParameters parameters, out string? error)
    {
        parameters = AlertActionParameters.None;
        if (!EnumQuery.TryParse<Disposition>("disposition", disposition, out var d, out error)
            || !EnumQuery.TryParse<Severity>("severity", severity, out var s, out error))
            return false;
        parameters = new AlertActionParameters(assignee, text, d, until, s, comment);
        return true;
    }
}
