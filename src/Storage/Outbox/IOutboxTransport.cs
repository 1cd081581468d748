namespace Lepton.Monitor.Storage;

/// <summary>Where outbox messages go (a Kafka topic, …): sends a round and says, per message, whether it was delivered.</summary>
public interface IOutboxTransport
{
    /// <summary>Names the transport in metrics and health (e.g. <c>kafka</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Sends <paramref name="entries"/> in order and returns, per entry, null when the broker acknowledged it, else why not.
    /// </summary>
    Task<IReadOnlyList<OutboxSendFailure?>> SendAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct);
}
