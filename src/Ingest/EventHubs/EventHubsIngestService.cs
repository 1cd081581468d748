using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.EventHubs;

/// <summary>
/// Runs <see cref="EventHubsIngestProcessor"/> in the host: starts it once the journal has been recovered (records
/// must not overtake its replay), refreshes the consumer lag every second, and on stop lets each owned partition drain
/// its batches in flight (up to DrainTimeoutMs, in parallel) and checkpoint them before ownership is given up.
/// Registered after the dispatcher, so it stops first: in-flight batches finish while the grains still run.
/// </summary>
public sealed class EventHubsIngestService(
    EventHubsIngestProcessor processor, EventHubsClients clients, EventHubsOptions options, IngestReadiness readiness,
    ILogger<EventHubsIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan LagInterval = TimeSpan.FromSeconds(1);
    // The partition properties (a service round trip per partition) are read every this many lag updates.
    private const int QueryServiceEvery = 5;
    private static readonly TimeSpan MaxStartBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!readiness.IsReady)
                await Task.Delay(20, stoppingToken);
            await StartProcessorAsync(stoppingToken);
            await using var properties = clients.Consumer(options.ConsumerGroup, options.EventHub);
            using var timer = new PeriodicTimer(LagInterval);
            for (var tick = 0; await timer.WaitForNextTickAsync(stoppingToken); tick++)
            {
                try
                {
                    await processor.RefreshLagAsync(properties, queryService: tick % QueryServiceEvery == 0, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogDebug(e, "Event Hubs lag refresh failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Starting fails when the namespace cannot be reached; retried with backoff rather than stopping the host.</summary>
    private async Task StartProcessorAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                await processor.StartProcessingAsync(stoppingToken);
                logger.LogInformation("Event Hubs consumer started: hub {EventHub}, consumer group {ConsumerGroup}, namespace {Namespace}, processor {Identifier}",
                    options.EventHub, options.ConsumerGroup, processor.FullyQualifiedNamespace, processor.Identifier);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                EventHubsTelemetry.Errors.Add(1);
                logger.LogWarning(e, "Event Hubs consumer could not start (hub {EventHub}); retrying in {Delay}", options.EventHub, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxStartBackoff.Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            // Not the host's token: a cancelled stop would leave the processor running. Bounded by DrainTimeoutMs.
            await processor.StopProcessingAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Event Hubs consumer did not stop cleanly; unfinished batches are redelivered");
        }
        finally
        {
            // Whatever the SDK managed: no batch may outlive this (ingest and the grains stop next).
            await processor.DrainAllAsync();
        }
        logger.LogInformation("Event Hubs consumer stopped after {Consumed} events", processor.Consumed);
    }
}
