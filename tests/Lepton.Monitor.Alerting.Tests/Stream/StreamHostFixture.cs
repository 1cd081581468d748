namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>
/// One real host shared by the stream tests of a class (they run one after another), heartbeats every 300 ms. Each
/// test streams its own tenant, so events of one test never reach another's stream.
/// </summary>
public sealed class StreamHostFixture : IAsyncLifetime
{
    private readonly TempFolder _data = new();

    public LeptonTestHost Host { get; private set; } = null!;

    public StreamAlerts Alerts { get; private set; } = null!;

    public static readonly string[] Tenants = ["order", "resume", "filters", "tenant-a", "tenant-b", "quiet", "loud", "records", "silenced"];

    public async Task InitializeAsync()
    {
        Host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Sse:HeartbeatInterval", "00:00:00.300");
        foreach (var tenant in Tenants)
            await Host.Admin.CreateTenantAsync(tenant, "US", "EU");
        Alerts = new StreamAlerts(Host);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }
}
