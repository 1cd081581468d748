using Microsoft.Azure.Amqp;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// The readers of one partition in one consumer group, with Event Hubs' epoch rule: a reader with an epoch
/// (com.microsoft:epoch, the SDK's OwnerLevel) at least as high as every other takes the partition over and the others
/// are closed with amqp:link:stolen (the SDK's ConsumerDisconnected); a lower epoch, or no epoch while an epoch reader
/// holds the partition, is refused with the same condition.
/// </summary>
internal sealed class ReaderOwnership
{
    readonly object gate = new();
    readonly List<(AmqpLink Link, long? Epoch)> readers = [];

    public void Admit(AmqpLink link, long? epoch, string entity)
    {
        List<AmqpLink> displaced = [];
        lock (gate)
        {
            long? highest = null;
            foreach (var (_, e) in readers)
            {
                if (e.HasValue && (highest is null || e.Value > highest.Value))
                {
                    highest = e;
                }
            }

            if (epoch is null)
            {
                if (highest is not null)
                {
                    throw new AmqpException(AmqpErrorCode.Stolen,
                        $"A reader with epoch '{highest}' owns {entity}; a reader without epoch is not allowed.");
                }
            }
            else
            {
                if (highest is not null && highest.Value > epoch.Value)
                {
                    throw new AmqpException(AmqpErrorCode.Stolen,
                        $"A reader with the higher epoch '{highest}' owns {entity}; epoch '{epoch}' is refused.");
                }

                displaced.AddRange(readers.Select(r => r.Link));
                readers.Clear();
            }

            readers.Add((link, epoch));
        }

        foreach (var old in displaced)
        {
            old.SafeClose(new AmqpException(AmqpErrorCode.Stolen,
                $"New receiver with epoch '{epoch}' was created for {entity}, hence this receiver is disconnected."));
        }
    }

    public void Remove(AmqpLink link)
    {
        lock (gate)
        {
            readers.RemoveAll(r => ReferenceEquals(r.Link, link));
        }
    }
}
