using System.Threading.Channels;
using Microsoft.Azure.Amqp;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// Serves one consumer link: delivers the partition's events from the filter's position on, only while the receiver
/// has given credit (so the SDK's prefetch is the flow control), and wakes as soon as an event is appended or credit
/// arrives. Deliveries are pre-settled, as the SDK's receiver asks (settle on send).
/// </summary>
internal sealed class PartitionReader
{
    /// <summary>Events taken from the log per pass, so a huge credit does not copy the whole partition at once.</summary>
    const int ReadChunk = 256;

    readonly SendingAmqpLink link;
    readonly PartitionLog log;
    readonly bool runtimeMetrics;
    readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    readonly CancellationTokenSource stop = new();
    long next;
    long tag;

    public PartitionReader(SendingAmqpLink link, PartitionLog log, long firstSequenceNumber, bool runtimeMetrics)
    {
        this.link = link;
        this.log = log;
        this.runtimeMetrics = runtimeMetrics;
        next = firstSequenceNumber;
    }

    /// <summary>Starts the delivery pump; <paramref name="onClosed"/> runs when the link closes (the pump ends with it).</summary>
    public void Start(Action onClosed)
    {
        var subscription = log.Subscribe(Wake);
        link.RegisterCreditListener((_, _, _) => Wake());
        link.Closed += (_, _) =>
        {
            subscription.Dispose();
            stop.Cancel();
            onClosed();
        };
        _ = Task.Run(PumpAsync);
    }

    void Wake() => wake.Writer.TryWrite(true);

    async Task PumpAsync()
    {
        var token = stop.Token;
        var batch = new List<StoredEvent>(ReadChunk);
        try
        {
            while (!token.IsCancellationRequested)
            {
                var credit = link.LinkCredit;
                batch.Clear();
                if (credit > 0 && log.Read(next, (int)Math.Min(credit, ReadChunk), batch) > 0)
                {
                    var state = runtimeMetrics ? log.State() : null;
                    foreach (var stored in batch)
                    {
                        var delay = log.DeliveryDelay;
                        if (delay > TimeSpan.Zero)
                        {
                            await Task.Delay(delay, token).ConfigureAwait(false);
                        }

                        var message = EventMessageCodec.ToDelivery(stored, state);
                        link.SendMessageNoWait(message, NextTag(), AmqpConstants.NullBinary);
                        next = stored.Event.SequenceNumber + 1;
                    }

                    continue;
                }

                await wake.Reader.ReadAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is AmqpException or ObjectDisposedException or InvalidOperationException)
        {
            // The link or its connection closed under the pump; nothing is lost, the next link starts from its filter.
            link.SafeClose();
        }
    }

    ArraySegment<byte> NextTag() => new(BitConverter.GetBytes(Interlocked.Increment(ref tag)));
}
