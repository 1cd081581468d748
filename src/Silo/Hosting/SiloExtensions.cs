namespace Lepton.Monitor.Silo.Hosting;

/// <summary>The embedded default's silo: localhost clustering on configurable ports (several hosts may share a machine).</summary>
public static class SiloExtensions
{
    public static WebApplicationBuilder AddLeptonSilo(this WebApplicationBuilder builder)
    {
        var siloPort = builder.Configuration.GetValue("Lepton:Orleans:SiloPort", 11111);
        var gatewayPort = builder.Configuration.GetValue("Lepton:Orleans:GatewayPort", 30000);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "lepton-monitor", clusterId: "lepton-local");
            silo.AddActivityPropagation();
        });
        return builder;
    }
}
