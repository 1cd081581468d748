namespace Lepton.Monitor.Storage;

/// <summary>One attempt result waiting for the webhook store's group commit; completed only after its transaction commits.</summary>
internal sealed class AttemptRecordRequest(DeliveryResult result) : IGroupCommitRequest
{
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeliveryResult Result { get; } = result;

    int IGroupCommitRequest.Units => 1;

    /// <summary>Set by the writer inside the transaction; overwritten if the group is retried one by one.</summary>
    public bool Recorded { get; set; }

    public Task<bool> Task => _completion.Task;

    public void Complete() => _completion.TrySetResult(Recorded);

    public void Fail(Exception error) => _completion.TrySetException(error);
}
