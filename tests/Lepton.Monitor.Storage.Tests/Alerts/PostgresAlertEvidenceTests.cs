using Lepton.Monitor.Storage.Tests.Postgres;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="AlertEvidenceContractTests"/> on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAlertEvidenceTests(PostgresServer server) : AlertEvidenceContractTests
{
    protected override async Task<AlertBackend> CreateBackendAsync() => await PostgresAlertBackend.CreateAsync(server);
}
