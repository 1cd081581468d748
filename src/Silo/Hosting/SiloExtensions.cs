using Lepton.Monitor.Silo.Hosting.Cluster;
using Orleans.Configuration;

namespace Lepton.Monitor.Silo.Hosting;

/// <summary>
/// The process's silo. Embedded store: localhost clustering on configurable ports (several hosts may share a machine).
/// PostgreSQL: membership and reminders in the shared database (Orleans' ADO.NET providers), endpoints advertised on
/// <c>Lepton:Cluster:AdvertisedAddress</c> (default 127.0.0.1).
/// </summary>
public static class SiloExtensions
{
    public static WebApplicationBuilder AddLeptonSilo(this WebApplicationBuilder builder, ClusterSettings settings)
    {
        builder.UseOrleans(silo =>
        {
            if (settings.IsPostgres)
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = settings.ClusterId;
                    o.ServiceId = ClusterSettings.ServiceId;
                });
                silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = ClusterSettings.Invariant;
                    o.ConnectionString = settings.Postgres;
                });
                silo.UseAdoNetReminderService(o =>
                {
                    o.Invariant = ClusterSettings.Invariant;
                    o.ConnectionString = settings.Postgres;
                });
            }
            else
            {
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: ClusterSettings.ServiceId, clusterId: settings.ClusterId);
            }
            silo.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>Grain state on PostgreSQL; call after <c>AddLeptonMonitoring</c>, before <c>AddLeptonResidency</c>.</summary>
    public static WebApplicationBuilder AddLeptonClusterGrainStorage(this WebApplicationBuilder builder, ClusterSettings settings)
    {
        if (settings.IsPostgres)
            builder.UseOrleans(silo => silo.AddLeptonPostgresGrainStorage(settings, builder.Configuration));
        return builder;
    }

    /// <summary>
    /// An api process: an Orleans client of the contracts only, finding gateways in the membership table. It retries
    /// the connection at start (silos may come up after it) and reconnects when gateways die.
    /// </summary>
    public static WebApplicationBuilder AddLeptonClusterClient(this WebApplicationBuilder builder, ClusterSettings settings)
    {
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = ClusterSettings.ServiceId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = ClusterSettings.Invariant;
                o.ConnectionString = settings.Postgres;
            });
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            // A call sent to a silo that dies unanswered waits for this before it fails and the dispatcher retries it
            // elsewhere with the same record ids: Orleans' 30 s default would use up the dispatcher's whole retry budget
            // (Lepton:Ingest:DispatchRetryBudget, 30 s) and park the batch. A batch takes milliseconds to process.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = settings.CallTimeout);
            client.AddActivityPropagation();
        });
        return builder;
    }
}
