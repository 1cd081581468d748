using System.Collections.Concurrent;
using System.Globalization;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>One event hub: its partitions, the round robin for events sent without key or partition, the readers per
/// consumer group and partition, and the pending link refusals (a fault).</summary>
internal sealed class EventHub
{
    readonly ConcurrentDictionary<(string Group, string Partition), ReaderOwnership> owners = new();
    int roundRobin = -1;
    int linksToRefuse;
    volatile string refusalCondition = LinkRefusal.Transient;
    int linksRefused;

    public EventHub(string name, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        Name = name;
        CreatedAt = DateTime.UtcNow;
        Partitions = Enumerable.Range(0, partitionCount)
            .Select(i => new PartitionLog(name, i.ToString(CultureInfo.InvariantCulture)))
            .ToArray();
    }

    public string Name { get; }

    public DateTime CreatedAt { get; }

    public IReadOnlyList<PartitionLog> Partitions { get; }

    public PartitionLog? Partition(string id) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Partitions.Count
            ? Partitions[index]
            : null;

    /// <summary>The partition for a batch sent to the hub itself: by key hash, or round robin without a key.</summary>
    public PartitionLog Route(string? partitionKey)
    {
        if (!string.IsNullOrEmpty(partitionKey))
        {
            return Partitions[PartitionKeyHash.PartitionFor(partitionKey, Partitions.Count)];
        }

        var next = (uint)Interlocked.Increment(ref roundRobin);
        return Partitions[(int)(next % (uint)Partitions.Count)];
    }

    public ReaderOwnership Readers(string consumerGroup, string partitionId) =>
        owners.GetOrAdd((consumerGroup.ToLowerInvariant(), partitionId), static _ => new ReaderOwnership());

    public void RefuseLinks(int count, string condition)
    {
        refusalCondition = condition;
        Interlocked.Add(ref linksToRefuse, count);
    }

    public int LinksRefused => Volatile.Read(ref linksRefused);

    /// <summary>True when this attach is one of the refused ones (and counts it); the condition to refuse it with.</summary>
    public bool TakeRefusal(out string condition)
    {
        condition = refusalCondition;
        while (true)
        {
            var left = Volatile.Read(ref linksToRefuse);
            if (left <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref linksToRefuse, left - 1, left) == left)
            {
                Interlocked.Increment(ref linksRefused);
                return true;
            }
        }
    }
}
