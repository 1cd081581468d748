using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Replays parked records to their monitors (issue 12 item 6): every <see cref="ParkedReplayOptions.PollInterval"/> the
/// retryable ones whose next attempt is due, and on an operator's request any that match a filter. A record the monitor
/// processed is checkpointed there, then removed from the store; one it still lists as failed is rescheduled with
/// backoff. While anything is parked, <c>/health/ready</c> is degraded ("parked-records") and the gauge counts it.
/// </summary>
public sealed class ParkedRecordReplayer(
    IParkedRecordStore store,
    IGrainFactory grains,
    ServiceHealth health,
    ParkedReplayOptions options,
    TimeProvider clock,
    ILogger<ParkedRecordReplayer> logger) : BackgroundService
{
    public const string HealthCondition = "parked-records";
    public const string FailingCondition = "parked-replayer";

    // One replay at a time: the background round and an operator's replay must not process a record twice.
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var taken = await RetryDueAsync(stoppingToken);
                if (failures > 0)
                    health.Recover(FailingCondition);
                failures = 0;
                wait = taken >= options.BatchSize ? TimeSpan.Zero : options.PollInterval;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The store or the silo failed: keep the worker alive and try again later, backing off.
                failures++;
                wait = TimeSpan.FromTicks(Math.Min(options.MaxErrorBackoff.Ticks, options.PollInterval.Ticks << Math.Min(failures, 16)));
                health.Degrade(FailingCondition, $"replaying parked records failed {failures} time(s) in a row: {e.GetType().Name}");
                logger.LogWarning(e, "Replaying parked records failed ({Failures} in a row); next try in {Wait}", failures, wait);
            }

            if (wait <= TimeSpan.Zero)
                continue;
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One automatic round: replays the due retryable records; returns how many were taken.</summary>
    public async Task<int> RetryDueAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var due = await store.TakeDueAsync(options.BatchSize, ct);
            if (due.Count > 0)
            {
                var outcomes = await ReplayTakenAsync(due, ct);
                var replayed = outcomes.Count(o => o.Outcome == ParkedReplayOutcome.Replayed);
                logger.LogInformation("Replayed {Replayed} of {Due} due parked records", replayed, due.Count);
            }
            await PublishCountsAsync(ct);
            return due.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// An operator's replay: every parked record matching <paramref name="filter"/> (up to
    /// <see cref="ParkedReplayOptions.OperatorReplayMax"/>), whether retryable or due or not, answered record by record.
    /// </summary>
    public async Task<ParkedReplayReport> ReplayAsync(ParkedRecordFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await _gate.WaitAsync(ct);
        try
        {
            var taken = await store.TakeMatchingAsync(filter, options.OperatorReplayMax + 1, ct);
            var more = taken.Count > options.OperatorReplayMax;
            var outcomes = await ReplayTakenAsync(more ? taken.Take(options.OperatorReplayMax).ToArray() : taken, ct);
            await PublishCountsAsync(ct);
            var replayed = outcomes.Count(o => o.Outcome == ParkedReplayOutcome.Replayed);
            return new ParkedReplayReport(replayed, outcomes.Count - replayed, more, outcomes);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Counts what is parked into the gauge and the health condition (also at start, for records parked before a restart).</summary>
    public async Task<ParkedCounts> PublishCountsAsync(CancellationToken ct = default)
    {
        var counts = await store.CountAsync(ct);
        ParkedTelemetry.Publish(counts);
        if (counts.Total > 0)
            health.Degrade(HealthCondition, $"{counts.Total} records parked ({counts.Retryable} retried automatically, {counts.Waiting} waiting for an operator's replay)");
        else
            health.Recover(HealthCondition);
        return counts;
    }

    private async Task<List<ParkedReplayOutcome>> ReplayTakenAsync(IReadOnlyList<ParkedReplay> taken, CancellationToken ct)
    {
        var groups = taken.GroupBy(r => r.MonitorKey, StringComparer.Ordinal).ToArray();
        var results = await Task.WhenAll(groups.Select(g => ReplayToMonitorAsync(g.Key, g.ToArray())));

        var done = new List<ParkedReplay>(taken.Count);
        var failed = new List<ParkedFailure>();
        var outcomes = new List<ParkedReplayOutcome>(taken.Count);
        foreach (var (items, failures) in results)
        {
            foreach (var item in items)
            {
                var (tenant, _) = MonitorKey.Parse(item.MonitorKey);
                if (failures.TryGetValue(item.Record.Id, out var failure))
                {
                    failed.Add(new ParkedFailure(item.Id, failure.Reason, failure.Retryable));
                    outcomes.Add(new ParkedReplayOutcome(tenant, item.MonitorKey, item.Record.Id, ParkedReplayOutcome.Failing, failure.Reason));
                }
                else
                {
                    done.Add(item);
                    outcomes.Add(new ParkedReplayOutcome(tenant, item.MonitorKey, item.Record.Id, ParkedReplayOutcome.Replayed, null));
                }
            }
        }
        // Completed only now: the monitors checkpointed them, so their window state survives a crash.
        await store.CompleteAsync(done, ct);
        await store.RescheduleAsync(failed, ct);
        return outcomes;
    }

    /// <summary>One grain call per monitor; never throws: a failed call or checkpoint fails every record it carried.</summary>
    private async Task<(ParkedReplay[] Items, Dictionary<string, RecordFailure> Failures)> ReplayToMonitorAsync(string key, ParkedReplay[] items)
    {
        var failures = new Dictionary<string, RecordFailure>(StringComparer.Ordinal);
        try
        {
            var grain = grains.GetGrain<IJurisdictionMonitorGrain>(key);
            var result = await grain.ProcessAsync(new RecordBatch(Array.ConvertAll(items, i => i.Record)));
            foreach (var failure in result.Failed)
                failures[failure.RecordId] = failure;
            if (failures.Count < items.Length)
                await grain.CheckpointAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Replaying {Count} parked records to monitor {Monitor} failed", items.Length, key);
            // Each record keeps its retryability: an operator's replay of a waiting record does not turn it into an automatic one.
            var reason = $"processing: monitor {key} failed: {e.GetType().Name}: {e.Message}";
            foreach (var item in items)
                failures[item.Record.Id] = new RecordFailure(item.Record.Id, reason, item.Retryable);
        }
        return (items, failures);
    }
}
