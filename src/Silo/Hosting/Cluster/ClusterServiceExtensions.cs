using Lepton.Monitor.Alerting;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Silo.Hosting.Cluster;

/// <summary>The parts of a cluster process that the all-in-one does not need.</summary>
public static class ClusterServiceExtensions
{
    /// <summary>
    /// A silo matches new alerts against silences (it writes them), with the book reloaded from the database. The same
    /// composition runs the expiry pass too, safe beside the api processes' passes: each silence is applied and
    /// released under its row lock.
    /// </summary>
    public static IServiceCollection AddLeptonSilenceMatching(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLeptonSilences(configuration);

    /// <summary>An api process of a cluster: takes over the journal partitions of api processes that died.</summary>
    public static IServiceCollection AddLeptonClusterIngest(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLeptonJournalTakeover(configuration);
}
