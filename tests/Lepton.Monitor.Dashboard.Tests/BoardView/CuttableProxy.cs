using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Lepton.Monitor.Dashboard.Tests.BoardView;

/// <summary>
/// A loopback TCP proxy in front of the host whose "network" a test can cut: <see cref="Cut"/> resets every open
/// connection (as a dropped link does to an in-flight stream) and refuses new ones until <see cref="Restore"/>.
/// Chromium's offline emulation does not end a fetch that is already streaming, so this is the real way to drop it.
/// </summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _down;

    public CuttableProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri Address { get; }

    public void Cut()
    {
        _down = true;
        foreach (var socket in _open.Keys)
            Reset(socket);
    }

    public void Restore() => _down = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (_down)
            {
                Reset(client);
                continue;
            }
            _ = Task.Run(() => PipeAsync(client));
        }
    }

    private async Task PipeAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(_target.Host, _target.Port);
            _open[client] = 0;
            _open[server] = 0;
            await Task.WhenAny(CopyAsync(client, server), CopyAsync(server, client));
        }
        catch (SocketException)
        {
        }
        finally
        {
            Reset(client);
            Reset(server);
        }
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    private void Reset(Socket socket)
    {
        _open.TryRemove(socket, out _);
        try
        {
            socket.LingerState = new LingerOption(true, 0); // close with RST, as a cut link looks to the peer
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
