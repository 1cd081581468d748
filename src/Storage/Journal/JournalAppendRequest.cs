namespace Lepton.Monitor.Storage;

/// <summary>
/// One append: the records' keys, and their payloads back to back in one pooled buffer (record i at
/// <see cref="EncodedRecord.Offset"/>). The caller releases the buffer once the request completed or failed.
/// </summary>
internal sealed class JournalAppendRequest(EncodedRecord[] records, PooledByteBuffer payloads) : JournalRequest
{
    private readonly TaskCompletionSource<JournalAppendResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EncodedRecord[] Records { get; } = records;

    public PooledByteBuffer Payloads { get; } = payloads;

    /// <summary>Filled by the writer inside the transaction; rewritten if the group is retried.</summary>
    public long[] Sequences { get; } = new long[records.Length];

    public Task<JournalAppendResult> Task => _completion.Task;

    public override int RecordCount => Records.Length;

    public override void Complete() => _completion.TrySetResult(new JournalAppendResult(Sequences));

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
