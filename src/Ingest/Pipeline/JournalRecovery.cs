using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// At start, replays records that were journaled (a 202 was given) but never acknowledged by their grains —
/// the crash case — then marks ingest ready. Afterwards purges journal entries past the idempotency retention.
/// </summary>
public sealed class JournalRecovery(
    IRecordJournal journal, RecordDispatcher dispatcher, IngestOptions options, IngestReadiness readiness, ILogger<JournalRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var records = new List<MonitoredRecord>(options.DispatchBatchSize);
        var sequences = new List<long>(options.DispatchBatchSize);
        long replayed = 0;
        await foreach (var entry in journal.ReadUnprocessedAsync().WithCancellation(stoppingToken))
        {
            records.Add(entry.Record);
            sequences.Add(entry.Seq);
            if (records.Count == options.DispatchBatchSize)
                await FlushAsync();
        }
        await FlushAsync();
        if (replayed > 0)
            logger.LogWarning("Replayed {Count} journaled records that had not been processed before the last stop", replayed);
        readiness.MarkReady();

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            await journal.PurgeAsync(options.IdempotencyRetention);
        } while (await timer.WaitForNextTickAsync(stoppingToken));

        async Task FlushAsync()
        {
            if (records.Count == 0)
                return;
            replayed += records.Count;
            await dispatcher.EnqueueAsync(new JournaledBatch(records.ToArray(), sequences.ToArray()), stoppingToken);
            records.Clear();
            sequences.Clear();
        }
    }
}
