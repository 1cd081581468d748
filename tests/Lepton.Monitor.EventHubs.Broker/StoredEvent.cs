using Microsoft.Azure.Amqp.Encoding;
using Microsoft.Azure.Amqp.Framing;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// A partition's copy of one event: the public view plus what is needed to deliver it again as the producer sent it
/// (the AMQP properties section, the raw application property values and the producer's own message annotations).
/// </summary>
internal sealed class StoredEvent
{
    public required BrokerEvent Event { get; init; }

    /// <summary>The offset as a number, for filters ("x-opt-offset > N").</summary>
    public required long OffsetValue { get; init; }

    public Properties? AmqpProperties { get; init; }

    /// <summary>Application property values as decoded (described types kept), so they re-encode identically.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> RawApplicationProperties { get; init; } = [];

    /// <summary>Message annotations the producer set, other than the broker's own x-opt-* ones.</summary>
    public IReadOnlyList<KeyValuePair<MapKey, object?>> ProducerAnnotations { get; init; } = [];
}
