using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>OpenTelemetry traces and metrics for every stage, set up once; Prometheus at /metrics, OTLP when configured.</summary>
public static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddLeptonObservability(this WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["Lepton:ServiceName"] ?? "lepton-monitor"))
            .WithTracing(t => t
                .AddSource("Lepton.Monitor.*")
                .AddSource("Microsoft.Orleans.Runtime")
                .AddSource("Microsoft.Orleans.Application")
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/metrics")))
            .WithMetrics(m => m
                .AddMeter("Lepton.Monitor.*")
                .AddMeter("Microsoft.Orleans")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        // The standard OTEL_EXPORTER_OTLP_ENDPOINT variable turns on export to a collector.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
        return builder;
    }

    public static WebApplication MapLeptonObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
