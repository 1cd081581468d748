namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>What a <see cref="LocalEventHubsBroker"/> starts with.</summary>
public sealed class BrokerOptions
{
    /// <summary>Event hubs to create at start: name → partition count (partitions are "0".."n-1").</summary>
    public Dictionary<string, int> Hubs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>The largest message (a whole batch envelope) a producer link accepts; the SDK sizes batches by it.</summary>
    public ulong MaxMessageSize { get; set; } = 1024 * 1024;
}
