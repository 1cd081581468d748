using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// The $management node: READ of com.microsoft:eventhub (name, created_at, partition_count, partition_ids) and of
/// com.microsoft:partition (begin/last sequence numbers, last offset and time, emptiness), as the SDK's
/// GetEventHubPropertiesAsync / GetPartitionPropertiesAsync expect; an unknown hub answers 404 "could not be found".
/// </summary>
internal sealed class ManagementNode(Func<string, EventHub?> findHub) : RequestResponseNode
{
    public const string Address = "$management";

    protected override AmqpMessage Handle(AmqpMessage request)
    {
        var map = request.ApplicationProperties?.Map;
        string? name = null, operation = null, type = null, partitionId = null;
        map?.TryGetValue("name", out name);
        map?.TryGetValue("operation", out operation);
        map?.TryGetValue("type", out type);
        map?.TryGetValue("partition", out partitionId);

        if (!string.Equals(operation, "READ", StringComparison.Ordinal))
        {
            return Error(400, "com.microsoft:argument-error", $"Operation '{operation}' is not supported by the local broker.");
        }

        var hub = name is null ? null : findHub(name);
        if (hub is null)
        {
            return Error(404, AmqpErrorCode.NotFound.Value, $"The messaging entity '{name}' could not be found. status-code: 404");
        }

        var body = new AmqpMap();
        body[new MapKey("name")] = hub.Name;
        body[new MapKey("type")] = type;
        switch (type)
        {
            case "com.microsoft:eventhub":
                body[new MapKey("created_at")] = hub.CreatedAt;
                body[new MapKey("partition_count")] = hub.Partitions.Count;
                body[new MapKey("partition_ids")] = hub.Partitions.Select(p => p.Id).ToArray();
                break;
            case "com.microsoft:partition":
                var partition = partitionId is null ? null : hub.Partition(partitionId);
                if (partition is null)
                {
                    return Error(404, AmqpErrorCode.NotFound.Value,
                        $"The messaging entity '{hub.Name}/Partitions/{partitionId}' could not be found. status-code: 404");
                }

                var state = partition.State();
                body[new MapKey("partition")] = partition.Id;
                body[new MapKey("begin_sequence_number")] = state.BeginSequenceNumber;
                body[new MapKey("last_enqueued_sequence_number")] = state.LastSequenceNumber;
                body[new MapKey("last_enqueued_offset")] = state.LastOffset;
                body[new MapKey("last_enqueued_time_utc")] = state.LastEnqueuedTimeUtc;
                body[new MapKey("runtime_info_retrieval_time_utc")] = DateTime.UtcNow;
                body[new MapKey("is_partition_empty")] = state.IsEmpty;
                break;
            default:
                return Error(400, "com.microsoft:argument-error", $"Entity type '{type}' is not supported by the local broker.");
        }

        return Status(AmqpMessage.Create(new AmqpValue { Value = body }), 200, "OK");
    }

    static AmqpMessage Error(int status, string condition, string description)
    {
        var response = Status(AmqpMessage.Create(), status, description);
        response.ApplicationProperties.Map["error-condition"] = new AmqpSymbol(condition);
        return response;
    }
}
