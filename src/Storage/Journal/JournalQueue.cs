using System.Threading.Channels;

namespace Lepton.Monitor.Storage;

/// <summary>The bounded queue in front of a journal's single writer (group commit), the same for every backend.</summary>
internal sealed class JournalQueue(int capacity, string journalName)
{
    private readonly Channel<JournalRequest> _channel = Channel.CreateBounded<JournalRequest>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelReader<JournalRequest> Reader => _channel.Reader;

    /// <summary>Queues <paramref name="request"/>, waiting for space; after <see cref="Complete"/> throws <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask EnqueueAsync(JournalRequest request, CancellationToken ct)
    {
        if (_channel.Writer.TryWrite(request))
            return;
        try
        {
            await _channel.Writer.WriteAsync(request, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(journalName);
        }
    }

    /// <summary>
    /// Encodes the records on the caller's thread (spreading CPU work over callers keeps the single writer lean), queues
    /// one append request and waits for its commit.
    /// </summary>
    public async Task<JournalAppendResult> AppendAsync(IReadOnlyList<Contracts.MonitoredRecord> records, JournalCounters counters, CancellationToken ct)
    {
        using var payloads = new PooledByteBuffer(records.Count * 256);
        var encoded = JournalRecordEncoder.Encode(records, payloads);
        // The writer reads the buffer and the keys until the request completes or fails; only then may they go back.
        try
        {
            var request = new JournalAppendRequest(encoded, records.Count, payloads);
            await EnqueueAsync(request, ct).ConfigureAwait(false);
            counters.AppendQueued();
            return await request.Task.ConfigureAwait(false);
        }
        finally
        {
            JournalRecordEncoder.Return(encoded, records.Count);
        }
    }

    /// <summary>Queues one mark request and waits until the watermark it may advance is durable.</summary>
    public async Task MarkAsync(IReadOnlyList<long> seqs, CancellationToken ct)
    {
        var request = new JournalMarkRequest([.. seqs]);
        await EnqueueAsync(request, ct).ConfigureAwait(false);
        await request.Task.ConfigureAwait(false);
    }

    /// <summary>Takes no more requests; the writer still drains what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
