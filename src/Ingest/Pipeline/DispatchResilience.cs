using System.Diagnostics;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// The dispatcher's retry policies (Polly: exponential backoff with jitter). <see cref="Budgeted"/> retries a
/// monitor call for <see cref="IngestOptions.DispatchRetryBudget"/>, then lets the failure through (the records get
/// parked); <see cref="Forever"/> retries until it succeeds or the host stops (nothing is dropped or skipped). Each
/// retry counts in <c>lepton.ingest.dispatch_retries</c> and raises the execution's <see cref="ServiceHealth"/>
/// condition; the caller recovers it once the work succeeded.
/// </summary>
internal sealed class DispatchResilience
{
    /// <summary>The <see cref="ServiceHealth"/> condition an execution raises while it retries, and its stage tag.</summary>
    public static readonly ResiliencePropertyKey<string> Condition = new("lepton.condition");
    public static readonly ResiliencePropertyKey<string> Stage = new("lepton.stage");
    private static readonly ResiliencePropertyKey<long> Started = new("lepton.started");

    public DispatchResilience(IngestOptions options, ServiceHealth health, ILogger logger)
    {
        var budget = options.DispatchRetryBudget;
        Budgeted = Build(options, health, logger, args =>
            args.Context.Properties.TryGetValue(Started, out var started) && Stopwatch.GetElapsedTime(started) < budget);
        Forever = Build(options, health, logger, _ => true);
    }

    public ResiliencePipeline Budgeted { get; }

    public ResiliencePipeline Forever { get; }

    /// <summary>A pooled context naming the health condition and stage of one execution; return it to the pool after.</summary>
    public static ResilienceContext Context(string condition, string stage, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(Condition, condition);
        context.Properties.Set(Stage, stage);
        context.Properties.Set(Started, Stopwatch.GetTimestamp());
        return context;
    }

    private static ResiliencePipeline Build(IngestOptions options, ServiceHealth health, ILogger logger, Func<RetryPredicateArguments<object>, bool> withinBudget) =>
        new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            // Shutting down is not a failure to retry: what is not done stays unprocessed in the journal and is replayed.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null
                && !args.Context.CancellationToken.IsCancellationRequested && withinBudget(args)),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.DispatchRetryDelay,
            MaxDelay = options.DispatchRetryMaxDelay,
            MaxRetryAttempts = int.MaxValue,
            OnRetry = args =>
            {
                var condition = args.Context.Properties.GetValue(Condition, "dispatch");
                var stage = args.Context.Properties.GetValue(Stage, "dispatch");
                var error = args.Outcome.Exception!;
                IngestTelemetry.DispatchRetries.Add(1, new KeyValuePair<string, object?>("stage", stage));
                health.Degrade(condition, $"{stage} failing, retrying (attempt {args.AttemptNumber + 1}): {error.GetType().Name}: {error.Message}");
                logger.LogWarning(error, "{Condition}: {Stage} failed (attempt {Attempt}); retrying in {Delay}",
                    condition, stage, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        }).Build();
}
