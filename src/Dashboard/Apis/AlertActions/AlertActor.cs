using System.Security.Claims;
using Lepton.Monitor.Dashboard.Auth;

namespace Lepton.Monitor.Dashboard.Apis.AlertActions;

/// <summary>Who acts on an alert, as histories, comments and four-eyes checks name them: the API key's name, else its id.</summary>
public static class AlertActor
{
    public static string Of(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Name) is { Length: > 0 } name ? name : Caller.From(user).KeyId;
}
