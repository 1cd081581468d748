namespace Lepton.Monitor.Ingest;

/// <summary>Limits and batching of the ingest path (section <c>Lepton:Ingest</c>).</summary>
public sealed class IngestOptions
{
    /// <summary>Largest request body; more is answered 413.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most records in one request; more is answered 413.</summary>
    public int MaxRecordsPerRequest { get; set; } = 50_000;

    /// <summary>Largest single record; a larger one is rejected (dead-lettered) on its own.</summary>
    public int MaxRecordBytes { get; set; } = 64 * 1024;

    /// <summary>Records per dispatch round; small requests are coalesced up to this.</summary>
    public int DispatchBatchSize { get; set; } = 4096;

    /// <summary>Journaled batches waiting for dispatch; when full, ingest waits (backpressure to the client).</summary>
    public int DispatchQueueCapacity { get; set; } = 64;

    /// <summary>Dispatch rounds in flight at once.</summary>
    public int DispatchConcurrency { get; set; } = 4;

    /// <summary>Grain-call attempts before the records are dead-lettered with the failure as reason.</summary>
    public int MaxDispatchAttempts { get; set; } = 5;

    /// <summary>How long record ids stay known for idempotency.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(7);
}
