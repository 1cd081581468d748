namespace Lepton.Monitor.Integration.Tests.Cluster;

/// <summary>Cluster tests run one at a time: each starts PostgreSQL and several product processes on 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection
{
    public const string Name = "cluster";
}
