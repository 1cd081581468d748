namespace Lepton.Monitor.Ingest.Tests.Sharding;

/// <summary>Issue 16 item 4: the shard of an entity is a stable hash, the same in every process, and spreads evenly.</summary>
public sealed class EntityShardTests
{
    // Published FNV-1a 32-bit test vectors: fixed values, so a hash seeded per process (string.GetHashCode) cannot pass.
    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void The_hash_is_FNV_1a_over_UTF_8(string value, uint expected) => Assert.Equal(expected, EntityShard.Hash(value));

    [Fact]
    public void Non_ASCII_entities_hash_their_UTF_8_bytes()
    {
        // "é" is C3 A9 in UTF-8: FNV-1a over those two bytes, not over the UTF-16 code unit 0x00E9.
        uint expected = 0x811c9dc5;
        foreach (var b in new byte[] { 0xC3, 0xA9 })
            expected = (expected ^ b) * 16777619;
        Assert.Equal(expected, EntityShard.Hash("é"));
    }

    [Fact]
    public void One_shard_is_always_shard_zero() => Assert.Equal(0, EntityShard.Of("CUST-1", 1));

    [Fact]
    public void The_same_entity_always_lands_on_the_same_shard()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var entity = "cust-" + i;
            var shard = EntityShard.Of(entity, 4);
            Assert.InRange(shard, 0, 3);
            Assert.Equal(shard, EntityShard.Of(new string(entity.AsSpan()), 4)); // another string instance, same value
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(16)]
    public void Ten_thousand_entities_spread_evenly(int shards)
    {
        var counts = new int[shards];
        var random = new Random(16);
        for (var i = 0; i < 10_000; i++)
            counts[EntityShard.Of($"CUST-{random.Next():X8}-{i}", shards)]++;
        // Chi-square against the uniform spread; df = shards − 1. The 99.9 % quantiles are 16.27 (df 3) and 37.70 (df 15).
        var expected = 10_000.0 / shards;
        var chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < (shards == 4 ? 16.27 : 37.70), $"chi-square {chiSquare:0.00} over {string.Join(",", counts)}");
        Assert.True(counts.Max() < 1.25 * counts.Min(), $"uneven spread {string.Join(",", counts)}");
    }

    [Fact]
    public void Sequential_ids_spread_too()
    {
        // Customer ids often differ in their last digits only: the hash must still use every shard about equally.
        var counts = new int[4];
        for (var i = 0; i < 10_000; i++)
            counts[EntityShard.Of("CUST-" + i.ToString("D6"), 4)]++;
        Assert.True(counts.Max() < 1.25 * counts.Min(), $"uneven spread {string.Join(",", counts)}");
    }
}
