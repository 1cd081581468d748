namespace Lepton.Monitor.Storage;

internal sealed class JournalAppendRequest(EncodedRecord[] records) : JournalRequest
{
    private readonly TaskCompletionSource<JournalAppendResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EncodedRecord[] Records { get; } = records;

    /// <summary>Filled by the writer inside the transaction; rewritten if the group is retried.</summary>
    public long[] Sequences { get; } = new long[records.Length];

    public Task<JournalAppendResult> Task => _completion.Task;

    public override int RecordCount => Records.Length;

    public override void Complete() => _completion.TrySetResult(new JournalAppendResult(Sequences));

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
