namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>
/// Health of a `lepton silo` process, which serves no API: /health/live answers while the process runs,
/// /health/ready once the silo has joined the cluster (the host starts the web server after the silo) and until it
/// starts to stop, so an orchestrator stops sending it work while it drains.
/// </summary>
public static class SiloHealthApi
{
    public static WebApplication MapSiloHealth(this WebApplication app)
    {
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", () => lifetime.ApplicationStopping.IsCancellationRequested || !lifetime.ApplicationStarted.IsCancellationRequested
            ? Results.Json(new { status = lifetime.ApplicationStopping.IsCancellationRequested ? "stopping" : "starting" }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new { status = "ready", role = "silo" }));
        return app;
    }
}
