using Lepton.Monitor.Dashboard.Board;
using Microsoft.Net.Http.Headers;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// The board in the browser: <c>/</c> and its client-side routes answer index.html, <c>/ui/…</c> the embedded files.
/// Anonymous on purpose: the files hold no data; every datum comes from /v1 under the caller's key.
/// </summary>
public static class BoardPagesApi
{
    /// <summary>Client-side routes (history API) that a reload or a shared link must open.</summary>
    public static readonly string[] PageRoutes = ["/", "/alerts/{id}", "/entities/{entity}", "/monitor", "/posture", "/reports", "/reports/{id}", "/signin"];

    public static WebApplication MapBoardPages(this WebApplication app)
    {
        foreach (var route in PageRoutes)
            app.MapGet(route, (HttpContext http, BoardAssets assets) => Serve(http, assets, "index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/ui/{**path}", (HttpContext http, BoardAssets assets, string path) => Serve(http, assets, path)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, BoardAssets assets, string path)
    {
        BoardSecurityHeaders.Apply(http.Response);
        if (!assets.TryGet(path, out var asset))
            return TypedResults.NotFound();
        var headers = http.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidate every time: a new build must never run beside an old cached module.
        headers.CacheControl = "no-cache";
        headers.Vary = HeaderNames.AcceptEncoding;
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        if (asset.Gzip is not null && http.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(asset.Gzip, asset.ContentType);
        }
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
