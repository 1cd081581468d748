namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// A link address the SDK attaches to: "/{hub}", "/{hub}/Partitions/{n}" (producers) or
/// "/{hub}/ConsumerGroups/{group}/Partitions/{n}" (consumers); full URIs are reduced to their path.
/// </summary>
internal sealed record EntityAddress(string Hub, string? ConsumerGroup, string? PartitionId)
{
    public static EntityAddress Parse(string address)
    {
        var path = address.Contains("://", StringComparison.Ordinal) ? new Uri(address).AbsolutePath : address;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            [var hub] => new EntityAddress(hub, null, null),
            [var hub, var p, var id] when p.Equals("Partitions", StringComparison.OrdinalIgnoreCase) => new EntityAddress(hub, null, id),
            [var hub, var g, var group, var p, var id]
                when g.Equals("ConsumerGroups", StringComparison.OrdinalIgnoreCase) && p.Equals("Partitions", StringComparison.OrdinalIgnoreCase)
                => new EntityAddress(hub, group, id),
            _ => throw new FormatException($"Unsupported Event Hubs address '{address}'."),
        };
    }
}
