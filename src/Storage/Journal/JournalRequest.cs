namespace Lepton.Monitor.Storage;

/// <summary>One caller's work waiting in the group-commit queue; completed only after its transaction commits.</summary>
internal abstract class JournalRequest : IGroupCommitRequest
{
    /// <summary>How many rows the request writes; bounds the size of one group.</summary>
    public abstract int RecordCount { get; }

    int IGroupCommitRequest.Units => RecordCount;

    public abstract void Complete();

    public abstract void Fail(Exception error);
}
