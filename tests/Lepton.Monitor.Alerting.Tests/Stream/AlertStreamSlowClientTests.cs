using System.Net;
using System.Net.Sockets;
using System.Text;
using Lepton.Monitor.Dashboard.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>Measures the whole process's managed memory, so nothing else may run beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "measures process memory";
}

/// <summary>A client that stops reading is cut off, and the server holds no growing backlog for it meanwhile.</summary>
[Collection(MemoryMeasuringCollection.Name)]
public sealed class AlertStreamSlowClientTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await LeptonTestHost.StartAsync(_data.Path, "--Lepton:Sse:SlowClientTimeout", "00:00:02");

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_client_that_never_reads_is_cut_off_and_server_memory_stays_flat()
    {
        using var cutOff = new MeterWatch(AlertStreamTelemetry.Name, "lepton.sse.cut_off");
        var alerts = new StreamAlerts(_host);
        await alerts.UpsertAsync("slow", "fp-warm", "warm"); // the write path warmed up before the baseline

        // A raw socket with a small receive window: it sends the request, reads up to the retry: line, then never reads again.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, _host.BaseAddress.Port);
        var request = $"GET /v1/alerts/stream?tenant=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {LeptonTestHost.AdminKey}\r\nAccept: text/event-stream\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var head = new StringBuilder();
        var buffer = new byte[4096];
        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (!head.ToString().Contains("retry: 3000"))
                head.Append(Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer, started.Token)));
        }
        Assert.StartsWith("HTTP/1.1 200", head.ToString());
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // One alert that grows by a long record id per change: its events get large (tens of MB in all).
        long produced = 0;
        for (var i = 0; i < 600; i++)
        {
            var alert = await alerts.UpsertAsync("slow", "fp-big", $"r-{i:D5}-" + new string('x', 240));
            produced += alert.RecordIds.Sum(id => id.Length + 3);
        }
        var during = GC.GetTotalMemory(forceFullCollection: true);
        await cutOff.WaitForAtLeastAsync(1, TimeSpan.FromSeconds(30));
        var after = GC.GetTotalMemory(forceFullCollection: true);

        const long bound = 16L * 1024 * 1024; // generous: one stalled stream holds about a page (~1 MB) and a flush's worth
        Assert.True(produced > 2 * bound, $"only {produced:N0} bytes of events were produced");
        Assert.True(during - before < bound, $"managed memory grew by {during - before:N0} bytes while the client was stalled");
        Assert.True(after - before < bound, $"managed memory grew by {after - before:N0} bytes");

        // The server closed the connection: reading what was buffered ends in end-of-stream or a reset.
        var closed = false;
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await socket.ReceiveAsync(buffer, drain.Token) > 0)
            {
            }
            closed = true;
        }
        catch (SocketException)
        {
            closed = true;
        }
        Assert.True(closed);
        Assert.Equal(0, _host.App.Services.GetRequiredService<AlertStreamConnections>().Open);
    }
}
