using System.Text.Encodings.Web;

namespace Lepton.Monitor.Dashboard.Auth.Oidc;

/// <summary>
/// The answer when the provider signed someone in whom the board refuses (no role, no tenant) or the sign-in failed:
/// 403 with the reason, as a small page for a browser and JSON otherwise, and no session cookie.
/// </summary>
public static class OidcRefusal
{
    public static Task WriteAsync(HttpContext http, int status, string title, string reason)
    {
        var response = http.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        if (!http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            return response.WriteAsJsonAsync(new { error = $"{title}: {reason}" });
        // The board's own stylesheet (its sign-in card) and nothing else; the reason holds IdP values: encoded, never markup.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = "text/html; charset=utf-8";
        var html = HtmlEncoder.Default;
        return response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            $"<title>{html.Encode(title)} · Lepton Monitor</title><link rel=\"stylesheet\" href=\"/ui/css/base.css\"></head>" +
            "<body class=\"signed-out\"><main><section class=\"signin-page\"><form class=\"signin\" role=\"alert\" action=\"/\">" +
            $"<h1>{html.Encode(title)}</h1><p class=\"error\">{html.Encode(reason)}</p>" +
            "<p><a class=\"button\" href=\"/\">Back to Lepton Monitor</a></p></form></section></main></body></html>");
    }
}
