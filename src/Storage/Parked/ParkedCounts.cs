namespace Lepton.Monitor.Storage;

/// <summary>Parked records in all, and those retried automatically (the rest wait for an operator).</summary>
public sealed record ParkedCounts(long Total, long Retryable)
{
    public long Waiting => Total - Retryable;
}
