using Azure.Messaging.EventHubs.Consumer;
using Lepton.Monitor.Ingest.EventHubs;

namespace Lepton.Monitor.EventHubs.Tests.Consumer;

/// <summary>The SDK processor's settings come from Lepton:EventHubs.</summary>
public sealed class ProcessorOptionsTests
{
    [Fact]
    public void Settings_map_from_the_section()
    {
        var o = EventHubsIngestProcessor.ProcessorOptions(new EventHubsOptions
        {
            MaxWaitMs = 75, PrefetchCount = 500, LoadBalancingIntervalSeconds = 3, OwnershipExpirationSeconds = 9,
            StartPosition = "Latest", Identifier = " ingest-a ",
        });
        Assert.Equal(TimeSpan.FromMilliseconds(75), o.MaximumWaitTime);
        Assert.Equal(500, o.PrefetchCount);
        Assert.Equal(TimeSpan.FromSeconds(3), o.LoadBalancingUpdateInterval);
        Assert.Equal(TimeSpan.FromSeconds(9), o.PartitionOwnershipExpirationInterval);
        Assert.Equal(EventPosition.Latest, o.DefaultStartingPosition);
        Assert.Equal("ingest-a", o.Identifier);
        Assert.True(o.TrackLastEnqueuedEventProperties);
    }

    [Fact]
    public void Defaults_start_at_the_earliest_event_and_name_the_process()
    {
        var o = EventHubsIngestProcessor.ProcessorOptions(new EventHubsOptions());
        Assert.Equal(EventPosition.Earliest, o.DefaultStartingPosition);
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", o.Identifier);
        Assert.Equal(TimeSpan.FromMilliseconds(50), o.MaximumWaitTime);
    }
}
