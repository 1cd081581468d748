using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Hands one partition's batch of messages to the one ingest path and returns once its new records were
/// acknowledged by their grains: then, and only then, may the batch's offsets be committed. Rejected messages are
/// dead-lettered by ingest (and copied to the dead-letter topic), so a poison message never stalls the partition.
/// </summary>
public sealed class KafkaBatchProcessor(IngestService ingest, KafkaDeadLetterTopic deadLetterTopic, ILogger<KafkaBatchProcessor> logger)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private static readonly ResiliencePropertyKey<IReadOnlyList<ConsumeResult<byte[]?, byte[]?>>> BatchKey = new("lepton.kafka.batch");

    // Retries until ingest succeeds or the consumer stops (the token is cancelled): a batch is never skipped, so its
    // offsets are committed only after it was processed. Exponential backoff with jitter, capped.
    private readonly ResiliencePipeline<IngestResult> _retry = new ResiliencePipelineBuilder<IngestResult>()
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
                KafkaTelemetry.SubmitRetries.Add(1);
                var messages = args.Context.Properties.GetValue(BatchKey, []);
                logger.LogWarning(args.Outcome.Exception, "Ingest of a Kafka batch ({Count} messages from {Topic}/{Partition}) failed (attempt {Attempt}); retrying in {Delay}",
                    messages.Count, messages.Count > 0 ? messages[0].Topic : "", messages.Count > 0 ? messages[0].Partition.Value : -1, args.AttemptNumber + 1, args.RetryDelay);
                return default;
            },
        })
        .Build();

    /// <summary>Retries ingest failures (e.g. the store) until it succeeds or <paramref name="ct"/> is cancelled: nothing is skipped.</summary>
    public async Task ProcessAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> messages, CancellationToken ct)
    {
        using var activity = KafkaTelemetry.Source.StartActivity("kafka.batch");
        activity?.SetTag("lepton.records", messages.Count);
        var started = Stopwatch.GetTimestamp();

        var records = new ReadOnlyMemory<byte>[messages.Count];
        for (var i = 0; i < messages.Count; i++)
            records[i] = CloudEventUnwrapper.RecordBytes(messages[i].Message.Value ?? [], messages[i].Message.Headers);
        var body = KafkaBatchBody.Build(records);

        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(BatchKey, messages);
        IngestResult result;
        try
        {
            result = await _retry.ExecuteAsync(
                static (ctx, state) => new ValueTask<IngestResult>(state.ingest.SubmitAsync(state.body, IngestSource.Kafka, scopeTenant: null, waitForProcessing: true, ctx.CancellationToken)),
                context, (ingest, body));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (result.Rejected.Count > 0)
        {
            KafkaTelemetry.Poison.Add(result.Rejected.Count);
            if (deadLetterTopic.Enabled)
            {
                foreach (var rejected in result.Rejected)
                    await deadLetterTopic.CopyAsync(messages[rejected.Index], rejected.Reason, ct);
            }
        }
        KafkaTelemetry.Batches.Add(1);
        KafkaTelemetry.BatchMs.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
