using System.Net;
using System.Text.Json.Nodes;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>
/// The real all-in-one host whose alert store and parked-record store can be switched to failing (<see cref="Alerts"/>,
/// <see cref="ParkedSwitch"/>; <see cref="Parked"/> is the store itself, never failing), with parked records
/// retried every 50 ms (backoff 50 ms .. 200 ms) so a test sees several automatic retries quickly.
/// </summary>
public sealed class ParkedTestHost : IAsyncDisposable
{
    private ParkedTestHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Admin = Client(LeptonTestHost.AdminKey);
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public HttpClient Admin { get; }
    public ParkedFlakyAlertStore Alerts => App.Services.GetRequiredService<ParkedFlakyAlertStore>();
    public IParkedRecordStore Parked => ParkedSwitch.Inner;
    public ParkedFlakyStore ParkedSwitch => App.Services.GetRequiredService<ParkedFlakyStore>();
    public ServiceHealth Health => App.Services.GetRequiredService<ServiceHealth>();

    public static async Task<ParkedTestHost> StartAsync(string dataPath)
    {
        var port = LeptonTestHost.FreePort();
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--Lepton:DataPath", dataPath,
            "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", LeptonTestHost.FreePort().ToString(),
            "--Lepton:Orleans:GatewayPort", LeptonTestHost.FreePort().ToString(),
            "--LEPTON_ADMIN_KEY", LeptonTestHost.AdminKey,
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Lepton.Monitor.Ingest.ParkedRecordReplayer", "Error",
            "--Lepton:Parked:PollInterval", "00:00:00.050",
            "--Lepton:Parked:RetryDelay", "00:00:00.050",
            "--Lepton:Parked:MaxRetryDelay", "00:00:00.200",
            "--Lepton:Parked:MaxErrorBackoff", "00:00:00.200",
        ];
        var app = LeptonHost.Build(args, builder =>
        {
            builder.Services.AddSingleton(sp => new ParkedFlakyAlertStore(
                new SqliteAlertStore(sp.GetRequiredService<LeptonDatabase>(), sp.GetRequiredService<TimeProvider>())));
            builder.Services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<ParkedFlakyAlertStore>());
            builder.Services.AddSingleton(sp => new ParkedFlakyStore(new SqliteParkedRecordStore(sp.GetRequiredService<LeptonDatabase>(),
                sp.GetRequiredService<TimeProvider>(), new ParkedBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200)))));
            builder.Services.AddSingleton<IParkedRecordStore>(sp => sp.GetRequiredService<ParkedFlakyStore>());
        });
        await app.StartAsync();
        var host = new ParkedTestHost(app, new Uri($"http://127.0.0.1:{port}"));
        await host.WaitReadyAsync();
        return host;
    }

    public HttpClient Client(string? bearer)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        return client;
    }

    /// <summary>A pseudonymized cash record over the US reporting threshold: processing it raises an alert.</summary>
    public static MonitoredRecord Cash(string tenant, string id, params string[] jurisdictions) =>
        new(id, tenant, DateTimeOffset.UtcNow.AddMinutes(-1), 25_000m, "USD", PaymentChannel.Cash,
            new Party("hm_acct_" + id, null, "US", "hm_cust_" + id), null, jurisdictions, null, null, null, null, null)
        {
            AcceptedAt = DateTimeOffset.UtcNow,
        };

    /// <summary>Polls GET <paramref name="path"/> (every item, all pages) until <paramref name="done"/> holds; fails after 30 s.</summary>
    public async Task<List<JsonObject>> WaitForAsync(string path, Func<List<JsonObject>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var items = await Admin.GetAllAsync(path);
            if (done(items))
                return items;
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not reach the expected state; last: {new JsonArray([.. items.Select(i => i.DeepClone())]).ToJsonString()}");
            await Task.Delay(50);
        }
    }

    private async Task WaitReadyAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            var response = await Admin.GetAsync("/health/ready");
            if (response.StatusCode == HttpStatusCode.OK)
                return;
            await Task.Delay(50);
        }
        throw new TimeoutException("host did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
