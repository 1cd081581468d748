namespace Lepton.Monitor.Storage.Tests;

/// <summary><see cref="AlertChangeContractTests"/> on SQLite.</summary>
public sealed class AlertChangeTests : AlertChangeContractTests
{
    protected override Task<AlertBackend> CreateBackendAsync() => Task.FromResult<AlertBackend>(new SqliteAlertBackend());
}
