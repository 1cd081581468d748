using System.Text;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>Maps a partition key to a partition: stable across runs (FNV-1a over UTF-8), so the same key always lands together.</summary>
internal static class PartitionKeyHash
{
    public static int PartitionFor(string partitionKey, int partitionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(partitionKey))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)partitionCount);
    }
}
