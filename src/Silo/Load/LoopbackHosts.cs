using System.Net;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// Whether a host is this machine: `lepton load` refuses other hosts unless told otherwise, so a typo never points a
/// load generator at someone's production ingest.
/// </summary>
public static class LoopbackHosts
{
    public static bool IsLoopback(string host)
    {
        var h = host.Trim().TrimStart('[').TrimEnd(']');
        if (h.Equals("localhost", StringComparison.OrdinalIgnoreCase) || h.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(h, out var address) && IPAddress.IsLoopback(address);
    }

    /// <summary>The host of each HOST:PORT of a comma-separated Kafka bootstrap list (IPv6 as [::1]:9092).</summary>
    public static IEnumerable<string> BootstrapHosts(string bootstrap)
    {
        foreach (var server in bootstrap.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = server.LastIndexOf(':');
            var host = colon > 0 && !server.EndsWith(']') ? server[..colon] : server;
            yield return host.Contains("://", StringComparison.Ordinal) ? host[(host.IndexOf("://", StringComparison.Ordinal) + 3)..] : host;
        }
    }
}
