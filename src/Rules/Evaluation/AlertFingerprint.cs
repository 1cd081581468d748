using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Lepton.Monitor.Rules;

/// <summary>
/// The dedup key of an alert (PRODUCT.md §5): repeated violations of one rule by one entity while its alert is open
/// share a fingerprint and collapse into one alert whose count grows.
/// </summary>
/// <remarks>
/// First 16 bytes of SHA-256, as 32 lower-case hex characters, over the fields each prefixed by its UTF-8 length,
/// so no field content (an entity token with a '|' in it) can make two different tuples collide. The encoding is
/// part of the stored data: changing it splits open alerts, so keep it stable.
/// </remarks>
public static class AlertFingerprint
{
    private const int StackLimit = 512;

    /// <param name="qualifier">What else separates alerts of the same rule and entity, e.g. the sanctioned country.</param>
    public static string Compute(string tenant, string jurisdiction, string ruleId, string entity, string? qualifier = null)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(jurisdiction);
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(entity);

        var size = Measure(tenant) + Measure(jurisdiction) + Measure(ruleId) + Measure(entity) + (qualifier is null ? 0 : Measure(qualifier));
        byte[]? rented = null;
        var buffer = size <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var written = 0;
            written += Write(buffer[written..], tenant);
            written += Write(buffer[written..], jurisdiction);
            written += Write(buffer[written..], ruleId);
            written += Write(buffer[written..], entity);
            if (qualifier is not null)
                written += Write(buffer[written..], qualifier);

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Measure(string field) => sizeof(int) + Encoding.UTF8.GetByteCount(field);

    private static int Write(Span<byte> destination, string field)
    {
        var length = Encoding.UTF8.GetBytes(field, destination[sizeof(int)..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, length);
        return sizeof(int) + length;
    }
}
