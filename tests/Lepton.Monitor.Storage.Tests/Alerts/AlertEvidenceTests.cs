namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="AlertEvidenceContractTests"/> on SQLite.</summary>
public sealed class AlertEvidenceTests : AlertEvidenceContractTests
{
    protected override Task<AlertBackend> CreateBackendAsync() => Task.FromResult<AlertBackend>(new SqliteAlertBackend());
}
