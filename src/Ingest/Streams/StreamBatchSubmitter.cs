using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Lepton.Monitor.Ingest.Streams;

/// <summary>
/// Hands one partition's batch (an NDJSON body from <see cref="StreamBatchBody"/>) to the one ingest path and returns
/// once its new records were acknowledged by their grains: then, and only then, may the batch's position be committed.
/// Ingest failures (the store, the grains) are retried until they succeed or the consumer stops: a batch is never
/// skipped. Rejected records are dead-lettered by ingest, so a poison message never stalls the partition.
/// Shared by the streaming adapters (Kafka protocol, native Event Hubs).
/// </summary>
public sealed class StreamBatchSubmitter
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly ResiliencePropertyKey<string> OriginKey = new("lepton.stream.origin");

    private readonly IngestService _ingest;
    private readonly IngestSource _source;
    private readonly ResiliencePipeline<IngestResult> _retry;

    /// <param name="retries">Counts each retried batch (the adapter's own meter).</param>
    public StreamBatchSubmitter(IngestService ingest, IngestSource source, Counter<long> retries, ILogger logger)
    {
        _ingest = ingest;
        _source = source;
        // Exponential backoff with jitter, capped; retried until cancelled.
        _retry = new ResiliencePipelineBuilder<IngestResult>()
            .AddRetry(new RetryStrategyOptions<IngestResult>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstBackoff,
                MaxDelay = MaxBackoff,
                OnRetry = args =>
                {
                    retries.Add(1);
                    logger.LogWarning(args.Outcome.Exception, "Ingest of a {Source} batch ({Origin}) failed (attempt {Attempt}); retrying in {Delay}",
                        source, args.Context.Properties.GetValue(OriginKey, "?"), args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Submits <paramref name="body"/> until ingest succeeds or <paramref name="ct"/> is cancelled.</summary>
    /// <param name="origin">Names the batch in logs (e.g. <c>transactions/2, 5000 messages</c>).</param>
    public async Task<IngestResult> SubmitAsync(ReadOnlyMemory<byte> body, string origin, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(OriginKey, origin);
        try
        {
            return await _retry.ExecuteAsync(
                static (ctx, state) => new ValueTask<IngestResult>(state.Item1._ingest.SubmitAsync(state.body, state.Item1._source, scopeTenant: null, waitForProcessing: true, ctx.CancellationToken)),
                context, (this, body));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
