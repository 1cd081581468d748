using System.Globalization;

namespace Lepton.Monitor.EventHubs.Broker;

/// <summary>
/// One partition's events in memory, in order. Appends are atomic per batch; readers are told about new events through
/// the callbacks they subscribed, so a waiting reader delivers at once instead of polling.
/// </summary>
internal sealed class PartitionLog(string hub, string id)
{
    /// <summary>Bytes an event adds to the offset beyond its body, so offsets look like byte positions, not sequence numbers.</summary>
    const long EnvelopeBytes = 16;

    readonly object gate = new();
    readonly List<StoredEvent> events = [];
    Action[] listeners = [];
    long nextOffset;
    DateTimeOffset lastEnqueued = DateTimeOffset.MinValue;
    long deliveryDelayTicks;

    public string Hub { get; } = hub;

    public string Id { get; } = id;

    /// <summary>A fault: how long a reader waits before each delivery from this partition.</summary>
    public TimeSpan DeliveryDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref deliveryDelayTicks));
        set => Interlocked.Exchange(ref deliveryDelayTicks, value.Ticks);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return events.Count;
            }
        }
    }

    public void Append(IReadOnlyList<IncomingEvent> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        lock (gate)
        {
            // Enqueued times never go back, so a time filter can binary-search; whole milliseconds, as AMQP timestamps carry.
            var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (now < lastEnqueued)
            {
                now = lastEnqueued;
            }

            foreach (var incoming in batch)
            {
                var offset = nextOffset;
                nextOffset += incoming.Body.Length + EnvelopeBytes;
                var properties = new Dictionary<string, object?>(incoming.ApplicationProperties.Count, StringComparer.Ordinal);
                foreach (var (key, value) in incoming.ApplicationProperties)
                {
                    properties[key] = value;
                }

                events.Add(new StoredEvent
                {
                    Event = new BrokerEvent(
                        events.Count,
                        offset.ToString(CultureInfo.InvariantCulture),
                        now,
                        incoming.PartitionKey,
                        incoming.Body,
                        properties,
                        incoming.AmqpProperties?.ContentType.Value),
                    OffsetValue = offset,
                    AmqpProperties = incoming.AmqpProperties,
                    RawApplicationProperties = incoming.ApplicationProperties,
                    ProducerAnnotations = incoming.ProducerAnnotations,
                });
            }

            lastEnqueued = now;
        }

        foreach (var listener in Volatile.Read(ref listeners))
        {
            listener();
        }
    }

    /// <summary>Copies up to <paramref name="max"/> events from sequence number <paramref name="from"/> on.</summary>
    public int Read(long from, int max, List<StoredEvent> into)
    {
        lock (gate)
        {
            var start = (int)Math.Max(0, from);
            var end = (int)Math.Min(events.Count, (long)start + max);
            for (var i = start; i < end; i++)
            {
                into.Add(events[i]);
            }

            return Math.Max(0, end - start);
        }
    }

    /// <summary>The sequence number of the first event a link with this filter gets.</summary>
    public long FirstSequenceFor(EventStartFilter filter)
    {
        lock (gate)
        {
            if (filter.Latest)
            {
                return events.Count;
            }

            return filter.On switch
            {
                EventStartFilter.Field.SequenceNumber => Math.Max(0, filter.Inclusive ? filter.Value : filter.Value + 1),
                EventStartFilter.Field.Offset => FirstIndex(e => filter.Inclusive ? e.OffsetValue >= filter.Value : e.OffsetValue > filter.Value),
                _ => FirstIndex(e => e.Event.EnqueuedTime.ToUnixTimeMilliseconds() > filter.Value),
            };
        }
    }

    public IReadOnlyList<BrokerEvent> Snapshot()
    {
        lock (gate)
        {
            return events.Select(e => e.Event).ToArray();
        }
    }

    /// <summary>What $management reports for this partition and what runtime metrics carry.</summary>
    public PartitionState State()
    {
        lock (gate)
        {
            if (events.Count == 0)
            {
                return new PartitionState(0, -1, "-1", DateTime.UnixEpoch, true);
            }

            var last = events[^1].Event;
            return new PartitionState(0, last.SequenceNumber, last.Offset, last.EnqueuedTime.UtcDateTime, false);
        }
    }

    public IDisposable Subscribe(Action onAppended)
    {
        lock (gate)
        {
            listeners = [.. listeners, onAppended];
        }

        return new Subscription(this, onAppended);
    }

    void Unsubscribe(Action onAppended)
    {
        lock (gate)
        {
            listeners = listeners.Where(l => l != onAppended).ToArray();
        }
    }

    // Offsets and times grow with the index: binary search for the first event that matches.
    int FirstIndex(Func<StoredEvent, bool> matches)
    {
        int low = 0, high = events.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (matches(events[mid]))
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    sealed class Subscription(PartitionLog log, Action onAppended) : IDisposable
    {
        int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                log.Unsubscribe(onAppended);
            }
        }
    }
}

