namespace Lepton.Monitor.Storage;

/// <summary>
/// One append: the records' keys, and their payloads back to back in one pooled buffer (record i at
/// <see cref="EncodedRecord.Offset"/>). The caller releases the buffer and the (rented, possibly longer) key array
/// once the request completed or failed.
/// </summary>
internal sealed class JournalAppendRequest(EncodedRecord[] records, int count, PooledByteBuffer payloads) : JournalRequest
{
    private readonly TaskCompletionSource<JournalAppendResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReadOnlySpan<EncodedRecord> Records => records.AsSpan(0, count);

    public PooledByteBuffer Payloads { get; } = payloads;

    /// <summary>Filled by the writer inside the transaction; rewritten if the group is retried.</summary>
    public long[] Sequences { get; } = new long[count];

    public Task<JournalAppendResult> Task => _completion.Task;

    public override int RecordCount => count;

    public override void Complete() => _completion.TrySetResult(new JournalAppendResult(Sequences));

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
