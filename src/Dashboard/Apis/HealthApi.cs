using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>/health/live (the process answers) and /health/ready (silo up, stores open, journal recovered).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).AllowAnonymous();
        app.MapGet("/health/ready", (IngestReadiness readiness) => readiness.IsReady
                ? Results.Ok(new { status = "ready" })
                : Results.Json(new { status = "starting", waitingFor = readiness.WaitingFor }, statusCode: StatusCodes.Status503ServiceUnavailable))
            .AllowAnonymous();
        return app;
    }
}
