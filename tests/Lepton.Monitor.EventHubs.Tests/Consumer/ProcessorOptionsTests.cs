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

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(10, 1000)]
    [InlineData(3000, 1)]
    public void Every_valid_prefetch_and_batch_size_builds_a_processor(int prefetch, int batchSize)
    {
        var options = new EventHubsOptions
        {
            ConnectionString = "Endpoint=sb://127.0.0.1:5672/;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true",
            PrefetchCount = prefetch, BatchSize = batchSize,
        };
        Assert.Empty(EventHubsOptionsValidator.Check(options, maxRecordsPerRequest: 10_000));
        var processor = EventHubsIngestProcessor.Create(options, new EventHubsClients(options), new NoStore(), null!,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EventHubsIngestProcessor>.Instance);
        Assert.Equal("127.0.0.1", processor.FullyQualifiedNamespace);
        Assert.Equal("transactions", processor.EventHubName);
        Assert.Equal(0, processor.OwnedPartitions);
    }

    /// <summary>Construction touches no store.</summary>
    private sealed class NoStore : Lepton.Monitor.Storage.IEventProcessorStore
    {
        public Task<IReadOnlyList<Lepton.Monitor.Storage.PartitionOwnership>> ListOwnershipAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<Lepton.Monitor.Storage.PartitionOwnership>> ClaimOwnershipAsync(IReadOnlyList<Lepton.Monitor.Storage.PartitionOwnership> claims, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<Lepton.Monitor.Storage.PartitionCheckpoint?> GetCheckpointAsync(string ns, string eventHub, string consumerGroup, string partitionId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<Lepton.Monitor.Storage.PartitionCheckpoint>> ListCheckpointsAsync(string ns, string eventHub, string consumerGroup, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<bool> UpdateCheckpointAsync(Lepton.Monitor.Storage.PartitionCheckpoint checkpoint, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
