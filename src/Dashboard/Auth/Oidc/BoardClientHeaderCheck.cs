namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>
/// CSRF defence for the cookie session: a browser attaches a cookie to any request, a header only to the board's own
/// fetches (a cross-site form cannot set one, a cross-site fetch would need CORS, which is not offered). So a
/// session request that changes state must carry <c>X-Lepton-Client: board</c>. API keys are not ambient: untouched.
/// </summary>
public static class BoardClientHeaderCheck
{
    public static bool IsRefused(HttpContext http) =>
        !IsSafe(http.Request.Method)
        && http.User.Identity is { IsAuthenticated: true, AuthenticationType: OidcUserMapping.AuthenticationType }
        && !HasBoardHeader(http);

    public static bool HasBoardHeader(HttpContext http) =>
        string.Equals(http.Request.Headers[OidcSchemes.ClientHeader], OidcSchemes.ClientHeaderValue, StringComparison.Ordinal);

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    public static Task RefuseAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        return http.Response.WriteAsJsonAsync(new { error = $"a signed-in session changes state only from the board (header {OidcSchemes.ClientHeader}: {OidcSchemes.ClientHeaderValue})" });
    }
}
