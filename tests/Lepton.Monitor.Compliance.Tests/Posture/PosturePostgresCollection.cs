using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Compliance.Tests.Posture;

/// <summary>A private PostgreSQL for the posture and privacy-budget store tests.</summary>
[CollectionDefinition(Name)]
public sealed class PosturePostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "posture postgres";
}
