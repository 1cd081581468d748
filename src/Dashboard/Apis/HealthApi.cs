using Lepton.Monitor.Contracts;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>/health/live (the process answers) and /health/ready (silo up, stores open, journal recovered; the device each loaded model runs on).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).AllowAnonymous();
        app.MapGet("/health/ready", async (IngestReadiness readiness, ServiceHealth health, IGrainFactory grains) =>
            {
                if (!readiness.IsReady)
                    return Results.Json(new { status = "starting", waitingFor = readiness.WaitingFor }, statusCode: StatusCodes.Status503ServiceUnavailable);
                // Degraded still answers 200: the process takes traffic and nothing is lost (records wait parked or
                // in the journal), but an operator should look; the reasons say where.
                if (health.IsDegraded)
                {
                    var degraded = health.Conditions.Select(c => new { name = c.Name, reason = c.Reason, since = c.Since }).ToArray();
                    return Results.Ok(new { status = "degraded", degraded, models = await LoadedModelsAsync(grains) });
                }
                return Results.Ok(new { status = "ready", models = await LoadedModelsAsync(grains) });
            })
            .AllowAnonymous();
        return app;
    }

    /// <summary>Loaded model versions and where they run (cpu, cuda, cublas); null when the catalog does not answer in time.</summary>
    private static async Task<object?> LoadedModelsAsync(IGrainFactory grains)
    {
        try
        {
            var models = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListAsync().WaitAsync(TimeSpan.FromSeconds(2));
            return models.Where(m => m.Loaded).Select(m => new { id = m.Id, device = m.Device, isDefault = m.IsDefault }).ToArray();
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }
}
