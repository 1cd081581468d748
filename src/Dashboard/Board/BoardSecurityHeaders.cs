namespace Lepton.Monitor.Dashboard.Board;

/// <summary>
/// Headers every board page and file carries: the board runs only its own scripts and styles and talks only to its
/// own origin (<c>default-src 'self'</c>), cannot be framed, and sends no referrer (alert ids stay out of other logs).
/// </summary>
public static class BoardSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
