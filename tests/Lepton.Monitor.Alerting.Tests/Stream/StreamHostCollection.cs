namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>The stream test classes that share one <see cref="StreamHostFixture"/> host (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class StreamHostCollection : ICollectionFixture<StreamHostFixture>
{
    public const string Name = "stream host";
}
