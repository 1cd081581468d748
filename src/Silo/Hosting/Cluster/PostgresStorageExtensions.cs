using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>The product's stores on the cluster's PostgreSQL, one connection pool per process.</summary>
public static class PostgresStorageExtensions
{
    public static IServiceCollection AddLeptonPostgresStorage(this IServiceCollection services, IConfiguration configuration, ClusterSettings cluster) =>
        throw new StoreOpenException("the PostgreSQL stores are being wired (issue 16): leave Lepton:Store unset for now.");
}
