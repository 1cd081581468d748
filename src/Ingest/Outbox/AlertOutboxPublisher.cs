using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Lepton.Monitor.Ingest.Outbox;

/// <summary>
/// Drains the alert outbox to every registered <see cref="IOutboxTransport"/> (the Kafka alert topic, the Event Hubs
/// alert hub, or both through a <see cref="FanOutTransport"/>), one <see cref="OutboxDrainer"/> round after another.
/// A row is deleted only after every transport acknowledged it; one event a broker keeps refusing backs off on its own
/// and is parked after <see cref="OutboxOptions.MaxAttempts"/>, so it cannot block the others. A round that delivered
/// nothing because a broker is unreachable (an outage), or that threw (the store), is retried by a Polly pipeline with
/// exponential backoff and jitter, for as long as it takes. Each transport counts its own deliveries and failures.
/// </summary>
public sealed class AlertOutboxPublisher : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    private readonly IAlertOutbox _outbox;
    private readonly OutboxDrainer _drainer;
    private readonly ResiliencePipeline<OutboxRound> _pipeline;
    private readonly ILogger<AlertOutboxPublisher> _logger;

    public AlertOutboxPublisher(IEnumerable<IOutboxTransport> transports, OutboxOptions outboxOptions, IAlertOutbox outbox,
        ServiceHealth health, TimeProvider clock, ILogger<AlertOutboxPublisher> logger)
    {
        _outbox = outbox;
        _logger = logger;
        Transport = Combine(transports.ToList());
        _drainer = new OutboxDrainer(outbox, Transport, outboxOptions, health, clock);
        _pipeline = BuildPipeline(Transport.Name, logger, clock);
    }

    /// <summary>What the drainer sends to: the one transport, or all of them fanned out.</summary>
    public IOutboxTransport Transport { get; }

    internal static IOutboxTransport Combine(IReadOnlyList<IOutboxTransport> transports) => transports.Count switch
    {
        0 => throw new InvalidOperationException("The alert outbox publisher is registered but no outbox transport is."),
        1 => transports[0],
        _ => new FanOutTransport(transports),
    };

    internal static ResiliencePipeline<OutboxRound> BuildPipeline(string transport, ILogger logger, TimeProvider clock) =>
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
                        logger.LogError(e, "Alert publishing to {Transport} failed; retrying in {Delay}", transport, args.RetryDelay);
                    else
                        logger.LogWarning("None of {Count} alert events was acknowledged by {Transport}; retrying in {Delay}", args.Outcome.Result!.Sent, transport, args.RetryDelay);
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
                var round = await _pipeline.ExecuteAsync(static (drainer, ct) => new ValueTask<OutboxRound>(drainer.RunRoundAsync(ct)), _drainer, stoppingToken);
                if (round.Parked > 0)
                    _logger.LogError("{Parked} alert event(s) parked after repeated refusals by {Transport}; {Total} parked in all", round.Parked, Transport.Name, round.Depth.Parked);
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
