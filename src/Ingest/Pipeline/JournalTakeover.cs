using System.Diagnostics.Metrics;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// Cluster mode's half of the 202 promise (issue 16 §3): records an api process journaled and then died with are
/// processed by another. Every <see cref="JournalTakeoverOptions.PollInterval"/> it claims a partition whose lease
/// expired with entries left unprocessed, replays them through the normal <see cref="RecordDispatcher"/> — marked
/// processed in THAT partition, after their monitors checkpointed, as the owner would have — and releases it once its
/// watermark passed them. Exactly once: only the lease holder reads or marks a partition, and the owner, if it comes
/// back, waits for the release and resumes after the taker's marks. PostgreSQL only (see <see cref="JournalTakeoverExtensions"/>).
/// </summary>
public sealed class JournalTakeover : BackgroundService
{
    private const string Condition = "journal takeover";

    private readonly NpgsqlDataSource _dataSource;
    private readonly RecordDispatcher _dispatcher;
    private readonly IngestOptions _ingest;
    private readonly JournalTakeoverOptions _options;
    private readonly JournalPartitionOptions _partitions;
    private readonly JournalPartitionLeases _leases;
    private readonly TimeProvider _time;
    private readonly ServiceHealth _health;
    private readonly ILogger<JournalTakeover> _logger;
    private IReadOnlyList<JournalPartitionState> _lastSeen = [];

    public JournalTakeover(NpgsqlDataSource dataSource, RecordDispatcher dispatcher, IngestOptions ingest, JournalTakeoverOptions options,
        JournalPartitionOptions partitions, TimeProvider time, ServiceHealth health, ILogger<JournalTakeover> logger)
    {
        _dataSource = dataSource;
        _dispatcher = dispatcher;
        _ingest = ingest;
        _options = options;
        _partitions = partitions;
        _time = time;
        _health = health;
        _logger = logger;
        _leases = new JournalPartitionLeases(dataSource, time, partitions);
        // Refreshed at each poll (no query from the metrics thread).
        IngestTelemetry.Meter.CreateObservableGauge("lepton.ingest.journal_backlog", ObserveBacklog, unit: "{record}",
            description: "Journaled records not yet processed, per journal partition (as of the last takeover poll)");
    }

    /// <summary>Partitions taken over and replayed by this instance.</summary>
    public int TakenOver { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    _lastSeen = await _leases.ListAsync(stoppingToken);
                    while (await TakeOverOneAsync(stoppingToken))
                    {
                    }
                    _health.Recover(Condition);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    _logger.LogError(e, "Taking over journal partitions failed; trying again in {Interval}", _options.PollInterval);
                    _health.Degrade(Condition, $"taking over journal partitions failed: {e.GetType().Name}: {e.Message}");
                }
                await Task.Delay(_options.PollInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Claims one orphaned partition and replays it to the end; false when there was none. A failure part-way leaves the
    /// lease to expire, and the partition is taken over again from its watermark (replays are idempotent per record id).
    /// </summary>
    public async Task<bool> TakeOverOneAsync(CancellationToken ct)
    {
        var holder = JournalPartitionLeases.NewHolderId();
        if (await _leases.TryClaimAnyAsync(holder, ct) is not { } claim)
            return false;
        _logger.LogWarning("Taking over journal partition {Partition}: {Backlog} records left unprocessed by an api process whose lease expired",
            claim.Partition, claim.Backlog);

        var journal = await PostgresRecordJournal.OpenAsync(_dataSource, claim.Partition, _time, _partitions, holder, ct);
        try
        {
            var (_, last) = await JournalReplayer.ReplayAsync(journal, markInto: journal, _dispatcher, _ingest.DispatchBatchSize, ct);
            // Release only once the replayed records are marked processed: else the partition is an orphan again.
            while (journal.ProcessedWatermark < last && !journal.LeaseLost)
                await Task.Delay(_options.ProgressInterval, _time, ct);
            if (journal.LeaseLost)
                _logger.LogWarning("Lost the lease on journal partition {Partition} while replaying it; its next holder continues", claim.Partition);
            else
                _logger.LogInformation("Journal partition {Partition} taken over: records up to {Seq} processed", claim.Partition, last);
        }
        finally
        {
            _dispatcher.ForgetJournal(journal);
            await journal.DisposeAsync();
        }
        TakenOver++;
        return true;
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        foreach (var partition in _lastSeen)
            yield return new Measurement<long>(partition.Backlog, new KeyValuePair<string, object?>("partition", partition.Partition));
    }
}
