using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Drains the alert outbox to <c>Lepton:Kafka:AlertTopic</c> (<see cref="KafkaAlertTransport"/>), one
/// <see cref="OutboxDrainer"/> round after another. A row is deleted only after the broker acknowledged it; one event
/// the broker keeps refusing backs off on its own and is parked after <see cref="OutboxOptions.MaxAttempts"/>, so it
/// cannot block the others. A round that delivered nothing because the broker is unreachable (an outage), or that
/// threw (the store), is retried by a Polly pipeline with exponential backoff and jitter, for as long as it takes.
/// </summary>
public sealed class KafkaAlertPublisher : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    private readonly IAlertOutbox _outbox;
    private readonly OutboxDrainer _drainer;
    private readonly ResiliencePipeline<OutboxRound> _pipeline;
    private readonly ILogger<KafkaAlertPublisher> _logger;

    public KafkaAlertPublisher(KafkaOptions options, OutboxOptions outboxOptions, IAlertOutbox outbox, KafkaProducerHost producers,
        ServiceHealth health, TimeProvider clock, ILogger<KafkaAlertPublisher> logger)
    {
        _outbox = outbox;
        _logger = logger;
        _drainer = new OutboxDrainer(outbox, new KafkaAlertTransport(options, producers), outboxOptions, health, clock);
        _pipeline = BuildPipeline(logger, clock);
    }

    internal static ResiliencePipeline<OutboxRound> BuildPipeline(ILogger logger, TimeProvider clock) =>
        new ResiliencePipelineBuilder<OutboxRound> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<OutboxRound>
            {
                ShouldHandle = new PredicateBuilder<OutboxRound>()
                    .Handle<Exception>(e => e is not OperationCanceledException)
                    .HandleResult(round => round.Outage),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(30),
                MaxRetryAttempts = int.MaxValue, // an outage delays alerts, it never drops them
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e)
                        logger.LogError(e, "Alert publishing failed; retrying in {Delay}", args.RetryDelay);
                    else
                        logger.LogWarning("None of {Count} alert events was acknowledged by the broker; retrying in {Delay}", args.Outcome.Result!.Sent, args.RetryDelay);
                    return default;
                },
            })
            .Build();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var round = await _pipeline.ExecuteAsync(static async (drainer, ct) =>
                {
                    // Counted per round, inside the retries: an outage's failed rounds show up while it lasts.
                    var round = await drainer.RunRoundAsync(ct);
                    KafkaTelemetry.AlertsPublished.Add(round.Delivered);
                    KafkaTelemetry.AlertPublishFailures.Add(round.Failed);
                    return round;
                }, _drainer, stoppingToken);
                if (round.Parked > 0)
                    _logger.LogError("{Parked} alert event(s) parked after repeated refusals by the broker; {Total} parked in all", round.Parked, round.Depth.Parked);
                if (round.Sent == 0)
                    await _outbox.WaitForAddAsync(IdlePoll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
