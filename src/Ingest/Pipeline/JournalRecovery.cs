using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// At start, replays records that were journaled (a 202 was given) but never checkpointed as processed — the crash
/// case — then marks ingest ready. Afterwards purges journal entries past the idempotency retention every
/// <see cref="IngestOptions.PurgeInterval"/>. Neither step stops the host when the store fails: both retry with
/// backoff, and <see cref="ServiceHealth"/> reports the condition meanwhile.
/// </summary>
public sealed class JournalRecovery(
    IRecordJournal journal, RecordDispatcher dispatcher, IngestOptions options, IngestReadiness readiness, ServiceHealth health,
    ILogger<JournalRecovery> logger) : BackgroundService
{
    private const string ReplayCondition = "journal replay";
    private const string PurgeCondition = "journal purge";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resilience = new DispatchResilience(options, health, logger);
        try
        {
            // A replay that fails part-way is started over: records already queued again are at worst dispatched twice,
            // which the monitors recognise by record id.
            var context = DispatchResilience.Context(ReplayCondition, "replay", stoppingToken);
            try
            {
                await resilience.Forever.ExecuteAsync(static async (ctx, self) => await self.ReplayAsync(ctx.CancellationToken), context, this);
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
            health.Recover(ReplayCondition);
            readiness.MarkReady();

            using var timer = new PeriodicTimer(options.PurgeInterval);
            do
            {
                await PurgeAsync(stoppingToken);
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReplayAsync(CancellationToken ct)
    {
        var (replayed, _) = await JournalReplayer.ReplayAsync(journal, markInto: null, dispatcher, options.DispatchBatchSize, ct);
        if (replayed > 0)
            logger.LogWarning("Replayed {Count} journaled records that had not been checkpointed as processed before the last stop", replayed);
    }

    /// <summary>One purge; a failure is logged and reported, and the next tick tries again (the host keeps running).</summary>
    private async Task PurgeAsync(CancellationToken ct)
    {
        try
        {
            await journal.PurgeAsync(options.IdempotencyRetention, ct);
            health.Recover(PurgeCondition);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Purging expired journal keys failed; retrying in {Interval}", options.PurgeInterval);
            health.Degrade(PurgeCondition, $"purging expired journal keys failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
