using Lepton.Monitor.Ingest.Kafka;

namespace Lepton.Monitor.Kafka.Tests.Consumer;

public sealed class PartialBatchRuleTests
{
    [Theory]
    [InlineData(5.0, 20, false, "Wait")]           // still lingering, messages arriving
    [InlineData(5.0, 20, true, "GoIfCaughtUp")]    // nothing arrived: go unless the broker holds more
    [InlineData(20.0, 20, false, "GoIfCaughtUp")]  // linger elapsed: the same
    [InlineData(199.0, 20, true, "GoIfCaughtUp")]
    [InlineData(200.0, 20, false, "Go")]           // a backlog delays it by 10 lingers at most
    [InlineData(0.0, 0, false, "Go")]              // no linger: every partial batch goes at once
    public void Decides_by_linger_idleness_and_the_fill_bound(double waitedMs, int lingerMs, bool idle, string expected) =>
        Assert.Equal(expected, PartialBatchRule.Decide(waitedMs, lingerMs, idle).ToString());

    [Theory]
    [InlineData(1_000L, 1_000L, true)]   // the last pending message is the last on the broker
    [InlineData(900L, 1_000L, true)]     // a stale watermark never holds a batch back
    [InlineData(1_001L, 1_000L, false)]  // more on the broker: wait for the fetch that fills the batch
    [InlineData(null, 1_000L, true)]     // watermark unknown
    public void Caught_up_when_the_broker_holds_nothing_beyond_the_pending_messages(long? high, long next, bool expected) =>
        Assert.Equal(expected, PartialBatchRule.CaughtUp(high, next));
}
