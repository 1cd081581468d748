using System.Collections.Concurrent;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Primitives;

namespace Lepton.Monitor.EventHubs.Tests.Broker;

/// <summary>
/// The smallest EventProcessor the product's path needs: ownership claimed in memory with ETag-like versions, no
/// checkpoints (start from earliest), and every processed event recorded.
/// </summary>
internal sealed class MemoryEventProcessor(string connectionString, string hub, EventProcessorOptions options)
    : EventProcessor<EventProcessorPartition>(100, "$Default", connectionString, hub, options)
{
    readonly Dictionary<string, EventProcessorPartitionOwnership> ownership = [];

    public ConcurrentQueue<(string PartitionId, long SequenceNumber, string Body)> Processed { get; } = new();

    public ConcurrentQueue<Exception> Errors { get; } = new();

    public int Owned
    {
        get
        {
            lock (ownership)
            {
                return ownership.Count;
            }
        }
    }

    protected override Task<IEnumerable<EventProcessorPartitionOwnership>> ListOwnershipAsync(CancellationToken cancellationToken)
    {
        lock (ownership)
        {
            return Task.FromResult<IEnumerable<EventProcessorPartitionOwnership>>(ownership.Values.ToArray());
        }
    }

    protected override Task<IEnumerable<EventProcessorPartitionOwnership>> ClaimOwnershipAsync(
        IEnumerable<EventProcessorPartitionOwnership> desiredOwnership, CancellationToken cancellationToken)
    {
        var claimed = new List<EventProcessorPartitionOwnership>();
        lock (ownership)
        {
            foreach (var desired in desiredOwnership)
            {
                // Optimistic concurrency: a claim must name the version it saw (none for a new partition).
                var known = ownership.TryGetValue(desired.PartitionId, out var current);
                if (known ? current!.Version != desired.Version : !string.IsNullOrEmpty(desired.Version))
                {
                    continue;
                }

                var next = new EventProcessorPartitionOwnership
                {
                    FullyQualifiedNamespace = desired.FullyQualifiedNamespace,
                    EventHubName = desired.EventHubName,
                    ConsumerGroup = desired.ConsumerGroup,
                    PartitionId = desired.PartitionId,
                    OwnerIdentifier = desired.OwnerIdentifier,
                    LastModifiedTime = DateTimeOffset.UtcNow,
                    Version = Guid.NewGuid().ToString("N"),
                };
                ownership[desired.PartitionId] = next;
                claimed.Add(next);
            }
        }

        return Task.FromResult<IEnumerable<EventProcessorPartitionOwnership>>(claimed);
    }

    protected override Task<EventProcessorCheckpoint> GetCheckpointAsync(string partitionId, CancellationToken cancellationToken) =>
        Task.FromResult<EventProcessorCheckpoint>(null!);

    protected override Task OnProcessingEventBatchAsync(IEnumerable<EventData> events, EventProcessorPartition partition,
        CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            Processed.Enqueue((partition.PartitionId, e.SequenceNumber, e.EventBody.ToString()));
        }

        return Task.CompletedTask;
    }

    protected override Task OnProcessingErrorAsync(Exception exception, EventProcessorPartition partition, string operationDescription,
        CancellationToken cancellationToken)
    {
        Errors.Enqueue(exception);
        return Task.CompletedTask;
    }
}
