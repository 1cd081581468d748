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

    /// <summary>
    /// Journaled batches waiting for dispatch; when full, ingest waits for room BEFORE it journals anything
    /// (backpressure to the client), so a client that gives up while waiting leaves nothing behind.
    /// </summary>
    public int DispatchQueueCapacity { get; set; } = 64;

    /// <summary>Dispatch rounds in flight at once.</summary>
    public int DispatchConcurrency { get; set; } = 4;

    /// <summary>
    /// How long a failing monitor's records are retried (exponential backoff with jitter) before they are parked with
    /// their payload and the failure as reason; a parked record is retried or replayed from the parked store.
    /// </summary>
    public TimeSpan DispatchRetryBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First delay of the dispatcher's retries (grain calls, parking, checkpoints, worker restarts); doubles with jitter.</summary>
    public TimeSpan DispatchRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between two of those retries.</summary>
    public TimeSpan DispatchRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often acknowledged records are checkpointed: their monitors persist their state, then the journal marks
    /// them processed. Also at once when a caller waits for idle dispatch (tests, bench, drain). A checkpoint writes
    /// each busy monitor's whole window state, so it runs at the cadence state was persisted before (10 s: measured,
    /// 2 s cost the HTTP path 14 % in the bench); a crash replays at most this much from the journal.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often processed journal keys older than <see cref="IdempotencyRetention"/> are purged.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long record ids stay known for idempotency.</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How far ahead of the ingest clock a record's timestamp may be; further is rejected
    /// (<c>timestamp: more than 1.00:00:00 in the future</c>). Senders' clocks drift; an attacker's 9999-12-31 must not pass.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = RecordValidator.DefaultMaxFutureSkew;

    /// <summary>
    /// How long an HTTP request waits for room in the dispatch queue before it is answered 429 with <c>Retry-After</c>
    /// (nothing of it journaled). Streaming sources wait without a bound (they pause their partitions instead).
    /// </summary>
    public TimeSpan AdmissionWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The largest share of the dispatch queue one tenant may hold (0–1]: one tenant's flood leaves the rest to others.
    /// </summary>
    public double TenantQueueShare { get; set; } = 0.5;

    /// <summary>Records per second one tenant may post over HTTP (a token bucket of one second); 0 turns the limit off.</summary>
    public double TenantRecordsPerSecond { get; set; }

    /// <summary>
    /// Request bodies read into memory at once; more wait up to <see cref="AdmissionWait"/>, then 429. With
    /// <see cref="MaxBodyBytes"/> this bounds the memory held by bodies.
    /// </summary>
    public int MaxConcurrentBodies { get; set; } = 16;
}
