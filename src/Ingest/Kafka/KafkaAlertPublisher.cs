using System.Text;
using Confluent.Kafka;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest.Kafka;

/// <summary>
/// Drains the alert outbox to <c>Lepton:Kafka:AlertTopic</c>: each row is one CloudEvent (structured mode), keyed by
/// tenant so a tenant's alerts keep their order on one partition, sent by the idempotent producer. A row is deleted
/// only after the broker acknowledged it; during an outage rows wait in the outbox (ingest is not blocked) and are
/// retried with exponential backoff.
/// </summary>
public sealed class KafkaAlertPublisher(
    KafkaOptions options, IAlertOutbox outbox, KafkaProducerHost producers, ILogger<KafkaAlertPublisher> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly byte[] ContentType = Encoding.ASCII.GetBytes("application/cloudevents+json; charset=UTF-8");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var entries = await outbox.PeekAsync(BatchSize, stoppingToken);
                if (entries.Count == 0)
                {
                    await outbox.WaitForAddAsync(TimeSpan.FromMilliseconds(500), stoppingToken);
                    continue;
                }
                var failed = await PublishAsync(entries, stoppingToken);
                failures = failed == 0 ? 0 : failures + 1;
                if (failed > 0)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, failures)));
                    logger.LogWarning("{Failed} of {Count} alert events were not acknowledged by the broker; retrying in {Delay}", failed, entries.Count, delay);
                    await Task.Delay(delay, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store or the client failed: the rows stay; try again shortly.
                logger.LogError(e, "Alert publishing failed");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends the rows and deletes those the broker acknowledged; returns how many failed.</summary>
    private async Task<int> PublishAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        var producer = producers.Producer;
        var deliveries = new Task[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var message = new Message<byte[]?, byte[]?>
            {
                Key = Encoding.UTF8.GetBytes(e.Key),
                Value = e.Payload,
                Headers = new Headers { { "content-type", ContentType } },
            };
            deliveries[i] = producer.ProduceAsync(options.AlertTopic!, message, ct);
        }
        try
        {
            await Task.WhenAll(deliveries);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Per-delivery results are read below.
        }
        var acked = new List<long>(entries.Count);
        var failed = new List<long>();
        for (var i = 0; i < entries.Count; i++)
            (deliveries[i].IsCompletedSuccessfully ? acked : failed).Add(entries[i].Seq);
        // Deleting is not cancelled by the stop signal: a delivered event must not stay to be sent again.
        await outbox.DeleteAsync(acked, CancellationToken.None);
        await outbox.MarkFailedAsync(failed, CancellationToken.None);
        KafkaTelemetry.AlertsPublished.Add(acked.Count);
        KafkaTelemetry.AlertPublishFailures.Add(failed.Count);
        if (failed.Count > 0 && deliveries.First(d => !d.IsCompletedSuccessfully).Exception?.InnerException is { } first)
            logger.LogDebug(first, "First failed alert delivery");
        return failed.Count;
    }
}
