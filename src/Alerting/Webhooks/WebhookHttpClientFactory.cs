using System.Net;
using System.Net.Sockets;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// The HttpClient deliveries go out on. Its connect step resolves the host itself and connects only to addresses the
/// <see cref="SsrfGuard"/> allows — the check is on the address really connected to, so a name that resolves to
/// loopback (or is re-pointed after the subscription was made) is refused too. Redirects are not followed by the
/// handler (<see cref="WebhookTransmitter"/> follows 307/308 itself, each hop through this same check); no proxy.
/// </summary>
public static class WebhookHttpClientFactory
{
    public static HttpClient Create(SsrfGuard guard)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), // re-resolve (and re-check) names now and then
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = (context, ct) => ConnectAsync(guard, context.DnsEndPoint, ct),
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // each attempt sets its own limit
    }

    private static async ValueTask<Stream> ConnectAsync(SsrfGuard guard, DnsEndPoint endpoint, CancellationToken ct)
    {
        var host = endpoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        var allowed = addresses.Where(guard.Allows).ToArray();
        if (allowed.Length == 0)
        {
            var refused = addresses.FirstOrDefault();
            throw new WebhookTargetRefusedException(refused is null
                ? $"{host} resolves to no address"
                : $"{host} resolves to {refused} ({SsrfGuard.Classify(refused)}), which webhooks may not reach " +
                  "(Lepton:Webhooks:AllowPrivateNetworks or AllowedAddresses allow it)");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
