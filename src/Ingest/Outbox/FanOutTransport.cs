using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.Outbox;

/// <summary>
/// Sends each outbox round to several transports (the Kafka alert topic and the Event Hubs alert hub) at once; an event
/// counts as delivered only when every transport acknowledged it, so the outbox keeps it until then.
/// <para>
/// Delivery is at least once <em>per transport</em>: when one transport acknowledges an event and another does not, the
/// event stays in the outbox and is retried. This instance remembers which transports already acknowledged it and
/// sends it only to the others, but that memory is per process (a restart, or more than <see cref="MaxRemembered"/>
/// half-delivered events, forgets it), so a transport may receive an event again. Consumers deduplicate by the
/// CloudEvent <c>id</c> (the outbox entry's <see cref="OutboxEntry.EventId"/>), as they must for any at-least-once feed.
/// </para>
/// <para>
/// Per event, the failures combine as the drainer expects: a refusal of the event itself by any transport (permanent)
/// makes it permanent, so a too-large event is parked even if the other transport took it; otherwise transient. One
/// transport down with the other up is then an outage for the drainer (nothing delivered, only transient failures): it
/// backs off without charging attempts, and the transport that is up does not receive the round again.
/// </para>
/// </summary>
public sealed class FanOutTransport : IOutboxTransport
{
    /// <summary>Bound on the events remembered as delivered to some transports but not all (only duplicates grow past it).</summary>
    public const int MaxRemembered = 100_000;

    private readonly IReadOnlyList<IOutboxTransport> _transports;
    private readonly int _all;
    // Outbox sequence → bit i set when transport i acknowledged the event. Touched only by the drainer's one loop.
    private readonly Dictionary<long, int> _acknowledged = [];

    public FanOutTransport(IReadOnlyList<IOutboxTransport> transports)
    {
        if (transports.Count is < 2 or > 30)
            throw new ArgumentOutOfRangeException(nameof(transports), transports.Count, "a fan-out needs 2 to 30 transports");
        _transports = transports;
        _all = (1 << transports.Count) - 1;
        Name = string.Join('+', transports.Select(t => t.Name));
    }

    /// <summary>The transports' names joined by '+' (e.g. <c>kafka+eventhubs</c>): the outbox depth and health condition are tagged with it.</summary>
    public string Name { get; }

    /// <summary>Events some transport acknowledged and another has not yet.</summary>
    public int HalfDelivered => _acknowledged.Count;

    public async Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        var masks = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
            masks[i] = _acknowledged.GetValueOrDefault(entries[i].Seq);

        var sends = new Task<Sent>[_transports.Count];
        for (var t = 0; t < _transports.Count; t++)
        {
            var bit = 1 << t;
            var indexes = new List<int>(entries.Count);
            for (var i = 0; i < entries.Count; i++)
            {
                if ((masks[i] & bit) == 0)
                    indexes.Add(i);
            }
            sends[t] = SendToAsync(_transports[t], entries, indexes, ct);
        }
        var sent = await Task.WhenAll(sends);

        var results = new OutboxSendFailure?[entries.Count];
        for (var t = 0; t < sent.Length; t++)
        {
            var (indexes, failures) = sent[t];
            for (var k = 0; k < indexes.Count; k++)
            {
                var i = indexes[k];
                if (failures[k] is not { } failure)
                {
                    masks[i] |= 1 << t;
                    continue;
                }
                var tagged = failure with { Reason = _transports[t].Name + ": " + failure.Reason };
                // A permanent refusal wins: retrying cannot get the event through that transport.
                if (results[i] is null || (results[i]!.Transient && !failure.Transient))
                    results[i] = tagged;
            }
        }
        for (var i = 0; i < entries.Count; i++)
        {
            if (masks[i] == _all)
                _acknowledged.Remove(entries[i].Seq);
            else if (masks[i] != 0)
                Remember(entries[i].Seq, masks[i]);
        }
        return results;
    }

    private void Remember(long seq, int mask)
    {
        if (_acknowledged.Count >= MaxRemembered && !_acknowledged.ContainsKey(seq))
            _acknowledged.Clear(); // events parked for good would otherwise stay here; forgetting only costs duplicates
        _acknowledged[seq] = mask;
    }

    private readonly record struct Sent(List<int> Indexes, IReadOnlyList<OutboxSendFailure?> Failures);

    /// <summary>One transport's share of the round; a transport that throws failed every event of it, transiently.</summary>
    private static async Task<Sent> SendToAsync(IOutboxTransport transport, IReadOnlyList<OutboxEntry> entries, List<int> indexes, CancellationToken ct)
    {
        if (indexes.Count == 0)
            return new Sent(indexes, []);
        var share = indexes.Count == entries.Count ? entries : indexes.Select(i => entries[i]).ToList();
        try
        {
            var failures = await transport.SendAsync(share, ct);
            if (failures.Count != share.Count)
                throw new InvalidOperationException($"The {transport.Name} transport answered {failures.Count} results for {share.Count} events.");
            return new Sent(indexes, failures);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var failure = new OutboxSendFailure(e.GetType().Name + ": " + e.Message, Transient: true);
            return new Sent(indexes, Enumerable.Repeat<OutboxSendFailure?>(failure, share.Count).ToArray());
        }
    }
}
