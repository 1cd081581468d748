using Lepton.Monitor.Contracts;

namespace Lepton.Monitor.Storage;

/// <summary>One caller's candidates waiting for the alert group commit; completed only after its transaction commits.</summary>
internal sealed class AlertUpsertRequest(IReadOnlyList<AlertCandidate> candidates) : IGroupCommitRequest
{
    private readonly TaskCompletionSource<AlertUpsertResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<AlertCandidate> Candidates { get; } = candidates;

    int IGroupCommitRequest.Units => Candidates.Count;

    /// <summary>Set by the writer inside the transaction; overwritten if the group is retried.</summary>
    public AlertUpsertResult? Result { get; set; }

    public Task<AlertUpsertResult> Task => _completion.Task;

    public void Complete() => _completion.TrySetResult(Result ?? throw new InvalidOperationException("the upsert was not applied"));

    public void Fail(Exception error) => _completion.TrySetException(error);
}
