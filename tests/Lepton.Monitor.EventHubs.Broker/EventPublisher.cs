using Microsoft.Azure.Amqp;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// Serves one producer link: each transfer (a batch or a single event) is appended to one partition as a unit — the
/// link's partition, else the partition key's, else the next in round robin — and accepted; a transfer that cannot be
/// stored is rejected with the error.
/// </summary>
internal sealed class EventPublisher(ReceivingAmqpLink link, EventHub hub, PartitionLog? partition)
{
    /// <summary>Transfers the producer may have in flight before it waits for credit.</summary>
    const uint Credit = 500;

    public void Start()
    {
        link.RegisterMessageListener(OnMessage);
        link.SetTotalLinkCredit(Credit, true, true);
    }

    void OnMessage(AmqpMessage message)
    {
        try
        {
            var events = EventMessageCodec.Decode(message);
            var target = partition ?? hub.Route(EventMessageCodec.PartitionKeyOf(message));
            target.Append(events);
            link.AcceptMessage(message, false);
        }
        catch (Exception ex)
        {
            link.RejectMessage(message, ex);
        }
        finally
        {
            message.Dispose();
        }
    }
}
