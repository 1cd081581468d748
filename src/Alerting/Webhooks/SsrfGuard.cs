using System.Net;
using System.Net.Sockets;

namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to. Private (10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local,
/// unspecified, CGNAT (100.64/10), multicast and broadcast addresses are refused — so a subscription cannot make the
/// service reach its own host or internal network — unless <c>AllowPrivateNetworks</c> turns the rule off or the exact
/// address is listed in <c>AllowedAddresses</c> (on-premises receivers). Checked on the resolved address at connect time.
/// </summary>
public sealed class SsrfGuard(bool allowPrivateNetworks = false, IEnumerable<IPAddress>? allowedAddresses = null)
{
    private readonly HashSet<IPAddress> _allowed = [.. (allowedAddresses ?? []).Select(Normalize)];

    public bool AllowPrivateNetworks { get; } = allowPrivateNetworks;

    /// <summary>Whether a connection to <paramref name="address"/> may be made.</summary>
    public bool Allows(IPAddress address) => AllowPrivateNetworks || _allowed.Contains(Normalize(address)) || Classify(address) is null;

    /// <summary>Why <paramref name="address"/> is not a public unicast address (e.g. <c>loopback</c>), or null when it is.</summary>
    public static string? Classify(IPAddress address)
    {
        address = Normalize(address);
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "unspecified",
                10 => "private",
                127 => "loopback",
                100 when (b[1] & 0xC0) == 64 => "carrier-grade NAT",
                169 when b[1] == 254 => "link-local",
                172 when (b[1] & 0xF0) == 16 => "private",
                192 when b[1] == 168 => "private",
                >= 224 and <= 239 => "multicast",
                255 when b[1] == 255 && b[2] == 255 && b[3] == 255 => "broadcast",
                _ => null,
            };
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any))
                return "unspecified";
            if (address.Equals(IPAddress.IPv6Loopback))
                return "loopback";
            var b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC)
                return "private";
            if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)
                return "link-local";
            if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
                return "site-local";
            if (b[0] == 0xFF)
                return "multicast";
            return null;
        }
        return "not an IP address";
    }

    /// <summary>An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries.</summary>
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
