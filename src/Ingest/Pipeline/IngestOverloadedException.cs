namespace Lepton.Monitor.Ingest;

/// <summary>
/// Ingest refused a request before journaling any of it: dispatch stayed backed up past the admission wait, or the
/// tenant is over its record rate. Nothing of the request was accepted; the client retries after
/// <see cref="RetryAfter"/> (HTTP answers 429 with <c>Retry-After</c>).
/// </summary>
public sealed class IngestOverloadedException(string reason, TimeSpan retryAfter) : Exception(reason)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
