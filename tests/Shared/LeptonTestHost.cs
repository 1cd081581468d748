using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Tests.Support;

/// <summary>
/// The real all-in-one host (silo + ingest + HTTP API) in this process on loopback ports, over a given data folder,
/// with an HttpClient that talks to it over real HTTP.
/// </summary>
public sealed class LeptonTestHost : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789";

    private LeptonTestHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Admin = Client(AdminKey);
    }

    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public HttpClient Admin { get; }

    public static async Task<LeptonTestHost> StartAsync(string dataPath, params string[] extraArgs)
    {
        // A port FreePort found free can be taken before the host binds it (test assemblies run in parallel and every
        // outgoing loopback connection takes an ephemeral port from the same range): try again with new ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(dataPath, extraArgs);
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
            }
        }
    }

    private static bool IsAddressInUse(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
                return true;
        }
        return false;
    }

    private static async Task<LeptonTestHost> StartOnFreePortsAsync(string dataPath, string[] extraArgs)
    {
        var port = FreePort();
        string[] args =
        [
            "--urls", $"http://127.0.0.1:{port}",
            "--Lepton:DataPath", dataPath,
            "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", FreePort().ToString(),
            "--Lepton:Orleans:GatewayPort", FreePort().ToString(),
            "--LEPTON_ADMIN_KEY", AdminKey,
            "--Logging:LogLevel:Default", "Warning",
            .. extraArgs,
        ];
        var app = LeptonHost.Build(args);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var host = new LeptonTestHost(app, new Uri($"http://127.0.0.1:{port}"));
        await host.WaitReadyAsync();
        return host;
    }

    public HttpClient Client(string? bearer)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>Waits until every record handed to dispatch has been acknowledged by its grains.</summary>
    public Task WaitForIdleAsync() => App.Services.GetRequiredService<RecordDispatcher>().WaitForIdleAsync(TimeSpan.FromSeconds(60));

    private async Task WaitReadyAsync()
    {
        using var client = Client(null);
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync("/health/ready");
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
