namespace Lepton.Monitor.Ingest;

/// <summary>
/// The shard of an entity: 32-bit FNV-1a over the entity's UTF-8 bytes, modulo the tenant's shard count. Stable across
/// processes and versions (unlike <see cref="string.GetHashCode()"/>, randomised per process), so an entity's windows
/// stay in one monitor grain whichever api process routes its records. Allocation-free: runes are encoded into a
/// four-byte stack buffer one at a time.
/// </summary>
public static class EntityShard
{
    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    public static int Of(string entity, int shards)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return shards == 1 ? 0 : (int)(Hash(entity) % (uint)shards);
    }

    /// <summary>FNV-1a (32-bit) of the UTF-8 encoding of <paramref name="value"/>; lone surrogates hash as U+FFFD, as UTF-8 encodes them.</summary>
    public static uint Hash(string value)
    {
        var hash = OffsetBasis;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
                hash = (hash ^ utf8[i]) * Prime;
        }
        return hash;
    }
}
