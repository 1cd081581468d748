namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>Where a sign-in may return to: a path on this site only, so /auth/login cannot be an open redirect.</summary>
public static class LocalReturnUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 }
        && url[0] == '/'
        // "//host" and "/\host" are other sites to a browser.
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');

    public static string OrRoot(string? url) => IsLocal(url) ? url! : "/";
}
