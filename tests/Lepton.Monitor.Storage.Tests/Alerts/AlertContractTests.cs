namespace Lepton.Monitor.Storage.Tests;

/// <summary>The base of the alert contract suites: a fresh backend (SQLite or PostgreSQL) per test and a store over it.</summary>
public abstract class AlertContractTests : IAsyncLifetime
{
    private AlertBackend? _backend;
    private IAlertStore? _store;

    protected AlertBackend Backend => _backend ?? throw new InvalidOperationException("not initialized");

    /// <summary>The store the test writes through (published: its topic messages go to the backend's outbox).</summary>
    protected IAlertStore Store => _store ?? throw new InvalidOperationException("not initialized");

    protected abstract Task<AlertBackend> CreateBackendAsync();

    /// <summary>Whether <see cref="Store"/> publishes topic messages.</summary>
    protected virtual bool Published => false;

    public async Task InitializeAsync()
    {
        _backend = await CreateBackendAsync();
        _store = _backend.OpenStore(publish: Published);
    }

    public async Task DisposeAsync()
    {
        if (_backend is not null)
            await _backend.DisposeAsync();
    }
}
