using Lepton.Monitor.Grains.Monitoring;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>
/// The demo tenant's records come from the ingest generator, not from the distribution the shipped model was trained
/// on, so against the model card its monitors would report drift from the first check. With the demo on, its monitors
/// learn their reference from their first window instead: drift then means the demo's data changed (Lepton:Demo:Drift).
/// </summary>
public static class DemoSignalExtensions
{
    public static IServiceCollection AddDemoSignalReference(this IServiceCollection services, IConfiguration configuration)
    {
        var demo = configuration.GetSection("Lepton:Demo").Get<DemoOptions>() ?? new DemoOptions();
        if (demo.Enabled)
        {
            services.PostConfigure<SignalOptions>(o =>
            {
                if (!o.LearnsFirstWindow(demo.Tenant))
                    o.FirstWindowTenants = string.IsNullOrWhiteSpace(o.FirstWindowTenants) ? demo.Tenant : o.FirstWindowTenants + "," + demo.Tenant;
            });
        }
        return services;
    }
}
