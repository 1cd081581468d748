namespace Lepton.Monitor.Storage;

/// <summary>A write request that can share one transaction (and one fsync) with others.</summary>
internal interface IGroupCommitRequest
{
    /// <summary>Its size in rows, so a group stays within a bounded transaction.</summary>
    int Units { get; }

    void Fail(Exception error);
}
