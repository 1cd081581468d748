using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lepton.Monitor.Storage;

/// <summary>
/// The chain rule: hash = SHA-256(previous hash ‖ canonical entry), where the canonical entry is the fields joined
/// by newlines in a fixed order (seq, at as UTC ticks, actor, tenant or empty, action, target, details).
/// </summary>
public static class AuditHash
{
    /// <summary>The previous hash of the first entry: 32 zero bytes.</summary>
    public static byte[] Genesis { get; } = new byte[32];

    public static byte[] Compute(ReadOnlySpan<byte> previous, long seq, long atTicks, string actor, string? tenant, string action, string target, string details)
    {
        var canonical = string.Join('\n',
            seq.ToString(CultureInfo.InvariantCulture), atTicks.ToString(CultureInfo.InvariantCulture),
            actor, tenant ?? "", action, target, details);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        sha.AppendData(Encoding.UTF8.GetBytes(canonical));
        return sha.GetHashAndReset();
    }
}
