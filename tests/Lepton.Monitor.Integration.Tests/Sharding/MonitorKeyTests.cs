using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Integration.Tests.Sharding;

/// <summary>Shard 0 keeps the unsharded key (existing grain state stays readable); other shards add a third segment.</summary>
public sealed class MonitorKeyTests
{
    [Fact]
    public void Shard_zero_is_the_old_key() => Assert.Equal("acme/US", MonitorKey.For("acme", "US", 0));

    [Theory]
    [InlineData(1, "acme/US/1")]
    [InlineData(63, "acme/US/63")]
    public void Other_shards_add_their_number(int shard, string key)
    {
        Assert.Equal(key, MonitorKey.For("acme", "US", shard));
        Assert.Equal(("acme", "US"), MonitorKey.Parse(key));
        Assert.Equal(shard, MonitorKey.ShardOf(key));
    }

    [Fact]
    public void An_unsharded_key_is_shard_zero() => Assert.Equal(0, MonitorKey.ShardOf("acme/US"));

    [Theory]
    [InlineData(-1)]
    [InlineData(64)]
    public void Shards_outside_the_bounds_are_refused(int shard) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MonitorKey.For("acme", "US", shard));

    [Theory]
    [InlineData("acme/US/x")]
    [InlineData("acme/US/64")]
    public void A_malformed_shard_is_refused(string key) => Assert.Throws<ArgumentException>(() => MonitorKey.ShardOf(key));
}
