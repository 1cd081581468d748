namespace Lepton.Monitor.Storage;

internal sealed class JournalMarkRequest(long[] seqs) : JournalRequest
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long[] Seqs { get; } = seqs;

    public Task Task => _completion.Task;

    // Marks write one row at most (the watermark), so they barely count towards a group's size.
    public override int RecordCount => 1;

    public override void Complete() => _completion.TrySetResult();

    public override void Fail(Exception error) => _completion.TrySetException(error);
}
