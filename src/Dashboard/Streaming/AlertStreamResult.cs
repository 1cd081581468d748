using Lepton.Monitor.Dashboard.Apis;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>
/// The HTTP side of one alert stream: takes a connection slot (503 with <c>Retry-After</c> when none is left), sends the
/// event-stream headers, runs an <see cref="AlertStreamSession"/> over the response body and aborts the connection of a
/// client it cut off.
/// </summary>
public sealed class AlertStreamResult(AlertStreamRequest request) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var connections = services.GetRequiredService<AlertStreamConnections>();
        var options = services.GetRequiredService<IOptions<AlertStreamOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<AlertStreamSession>();
        if (!connections.TryAcquire())
        {
            logger.LogWarning("Alert stream refused: {Max} streams are open", options.MaxConnections);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.ReconnectDelay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await http.Response.WriteAsJsonAsync(new ApiError($"too many alert streams are open ({options.MaxConnections}); retry later"));
            return;
        }
        try
        {
            // The stream's own slow-client rule (logged and counted) governs, not Kestrel's minimum data rate.
            if (http.Features.Get<IHttpMinResponseDataRateFeature>() is { } rate)
                rate.MinDataRate = null;
            http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events through, do not buffer them

            var session = new AlertStreamSession(services.GetRequiredService<IAlertEventLog>(), options,
                services.GetRequiredService<TimeProvider>(), logger);
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
            logger.LogDebug("Alert stream opened (tenant {Tenant}, resume {LastEventId})", request.Filter.Tenant ?? "*", request.LastEventId);
            var end = await session.RunAsync(request, http.Response.Body, ended.Token);
            if (end != AlertStreamEnd.Stopped)
                http.Abort(); // a cut-off client must reconnect (and resume) rather than keep a half-written stream
            logger.LogDebug("Alert stream closed ({End}) after {Sent} events", end, session.EventsSent);
        }
        finally
        {
            connections.Release();
        }
    }
}
