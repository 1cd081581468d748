using System.Diagnostics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// The one ingest path for every source: parse → validate → pseudonymize → wait for dispatch room (backpressure)
/// → journal (durable, deduplicated) → dispatch. When this returns, every accepted record is durable and on its way
/// to dispatch, and every rejected one is dead-lettered (a reused id with different content included).
/// </summary>
public sealed class IngestService(
    IngestOptions options,
    TenantDirectory tenants,
    PseudonymizerRegistry pseudonymizers,
    IRecordJournal journal,
    IDeadLetterStore deadLetters,
    RecordDispatcher dispatcher,
    TimeProvider clock,
    ILogger<IngestService> logger)
{
    private readonly TenantRateLimiter _rates = new(options.TenantRecordsPerSecond, clock);
    private RecordValidator? _validator; // the shared default's codes and rates, with the configured future skew

    public Task<IngestResult> SubmitAsync(ReadOnlyMemory<byte> body, IngestSource source, string? scopeTenant, CancellationToken ct = default) =>
        SubmitAsync(body, source, scopeTenant, waitForProcessing: false, ct);

    /// <summary>
    /// As <see cref="SubmitAsync(ReadOnlyMemory{byte}, IngestSource, string?, CancellationToken)"/>; with
    /// <paramref name="waitForProcessing"/> it returns only once the new records were acknowledged by their grains (or
    /// parked with their payload); streaming sources commit offsets then. They are in the journal until the next
    /// checkpoint marks them processed, so a crash before it replays them. Duplicates are not waited for: they are
    /// already in the journal, processed or replayed from it at start.
    /// </summary>
    public async Task<IngestResult> SubmitAsync(ReadOnlyMemory<byte> body, IngestSource source, string? scopeTenant, bool waitForProcessing, CancellationToken ct = default)
    {
        using var activity = IngestTelemetry.Source.StartActivity("ingest.submit");
        activity?.SetTag("lepton.source", source.ToString()); // only when traced
        var started = Stopwatch.GetTimestamp();

        // Pooled: its records and parties are reused by later submits, so nothing of it is read after the finally below.
        var parsed = RecordParser.ParseOwned(body, options.MaxRecordsPerRequest, options.MaxRecordBytes, ParseResultPool.Shared);
        var now = clock.GetUtcNow();
        var accepted = new List<MonitoredRecord>(parsed.Records.Count);
        var rejected = new List<RejectedRecord>(parsed.Rejections.Count);
        var letters = new List<DeadLetter>(parsed.Rejections.Count);
        var sourceName = IngestSourceNames.Of(source);
        var duplicates = 0;
        var conflicts = 0;
        Task? processed = null;
        try
        {
            foreach (var r in parsed.Rejections)
            {
                // Unparseable records cannot be redacted field by field; only what a known tenant's key can redact is kept.
                var redacted = r.RedactedPayload ?? (scopeTenant is not null ? pseudonymizers.For(scopeTenant).Redact(r, body.Span).RedactedPayload : null);
                Reject(r.Index, r.Id, scopeTenant, r.Reason, redacted);
            }

            // Positions in parsed.Records of the accepted records, for redacting one that turns out to conflict; null while
            // every record so far was accepted (the common case), when position i is record i.
            List<int>? acceptedRaw = null;
            for (var p = 0; p < parsed.Records.Count; p++)
            {
                var raw = parsed.Records[p];
                var reason = (_validator ??= RecordValidator.Default.With(options.MaxFutureSkew)).Validate(raw, now) ?? tenants.CheckTenant(raw.Tenant, scopeTenant);
                if (reason is not null)
                {
                    Reject(raw.Index, RecordIdText.Echo(raw.Id), raw.Tenant, reason, Redact(raw));
                    if (acceptedRaw is null)
                    {
                        acceptedRaw = new List<int>(parsed.Records.Count);
                        for (var a = 0; a < accepted.Count; a++)
                            acceptedRaw.Add(a);
                    }
                    continue;
                }
                // The parse result's arrays and maps move into the record uncopied (its objects are cleared, not reused as is).
                accepted.Add(pseudonymizers.For(raw.Tenant!).ToMonitoredTakingOwnership(raw, now));
                acceptedRaw?.Add(p);
            }

            if (accepted.Count > 0)
            {
                // Backpressure BEFORE the journal: a caller that gives up while dispatch is backed up has journaled nothing
                // (its retry is new, not a "duplicate" stranded undispatched). From the append on nothing is cancellable.
                using var slot = await AdmitAsync(accepted, source, ct);
                // ct only cancels waiting for journal queue space: once queued, the append goes through.
                var appended = await journal.AppendAsync(accepted, ct);
                duplicates = appended.DuplicateCount;
                conflicts = appended.ConflictCount;
                if (appended.NewCount > 0)
                {
                    // The trace rides with the batch (one context per request), for dispatch to continue or link to.
                    var batch = NewRecords(accepted, appended, Activity.Current?.Context ?? default);
                    if (waitForProcessing)
                        batch = batch with { Processed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
                    // Journaled, so dispatched: this neither waits nor fails (the slot holds its place in the queue).
                    slot.Enqueue(batch);
                    processed = batch.Processed?.Task;
                }
                if (conflicts > 0)
                {
                    for (var i = 0; i < accepted.Count; i++)
                    {
                        if (!appended.IsConflict(i))
                            continue;
                        // Idempotency is for identical retries: the same id with other content is a different record.
                        var raw = parsed.Records[acceptedRaw?[i] ?? i];
                        Reject(raw.Index, RecordIdText.Echo(raw.Id), raw.Tenant, "id: already used for a different record", Redact(raw));
                    }
                }
            }
        }
        finally
        {
            ParseResultPool.Shared.Return(parsed);
        }

        // After the records are on their way to dispatch: a dead-letter store failure cannot strand them.
        if (letters.Count > 0)
            await deadLetters.AddAsync(letters);

        var newRecords = accepted.Count - duplicates - conflicts;
        IngestTelemetry.Accepted.Add(newRecords, new KeyValuePair<string, object?>("source", sourceName));
        IngestTelemetry.Duplicates.Add(duplicates, new KeyValuePair<string, object?>("source", sourceName));
        IngestTelemetry.Rejected.Add(rejected.Count, new KeyValuePair<string, object?>("source", sourceName));
        if (conflicts > 0)
            IngestTelemetry.Conflicts.Add(conflicts, new KeyValuePair<string, object?>("source", sourceName));
        IngestTelemetry.SubmitDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        IngestTelemetry.SubmitRecords.Record(accepted.Count - conflicts + rejected.Count);
        IngestTelemetry.CountDeadLetters(rejected, sourceName);
        if (rejected.Count > 0)
            logger.LogInformation("Ingest from {Source}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected (first: {Reason})",
                sourceName, accepted.Count - conflicts, duplicates, rejected.Count, rejected[0].Reason);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        // Waited for after the metrics: the submit histogram keeps measuring parse to durable journal.
        if (processed is not null)
            await processed.WaitAsync(ct);
        return new IngestResult(accepted.Count - conflicts, duplicates, rejected);

        static JournaledBatch NewRecords(List<MonitoredRecord> accepted, JournalAppendResult appended, ActivityContext trace)
        {
            if (appended.NewCount == accepted.Count)
                return new JournaledBatch(accepted, appended.Sequences) { Trace = trace };
            var records = new List<MonitoredRecord>(appended.NewCount);
            var sequences = new List<long>(appended.NewCount);
            for (var i = 0; i < accepted.Count; i++)
            {
                if (!appended.IsNew(i))
                    continue;
                records.Add(accepted[i]);
                sequences.Add(appended.Sequences[i]);
            }
            return new JournaledBatch(records, sequences) { Trace = trace };
        }

        // Dead letters keep the record with its PII replaced by tokens (never the raw values).
        string? Redact(RawRecord raw) =>
            raw.Tenant is not null && tenants.Find(raw.Tenant) is not null
                ? pseudonymizers.For(raw.Tenant).RedactJson(body.Span.Slice(raw.Offset, raw.Length))
                : null;

        void Reject(int index, string? id, string? tenant, string reason, string? redactedPayload)
        {
            // Reasons and tenants may quote sender text (an unknown tenant's name): stored and answered only masked.
            reason = Lepton.Monitor.Rules.PiiTextScanner.Mask(reason);
            tenant = tenant is not null && RecordValidator.IsTenantId(tenant) ? Lepton.Monitor.Rules.PiiTextScanner.Mask(tenant) : null;
            rejected.Add(new RejectedRecord(index, id, reason));
            letters.Add(new DeadLetter(tenant, sourceName, index, id, reason, redactedPayload, now));
        }
    }

    /// <summary>
    /// Overload is answered, not held: an HTTP request over its tenant's record rate, or one that finds dispatch backed up
    /// past <see cref="IngestOptions.AdmissionWait"/>, is refused before anything is journaled (429 with Retry-After).
    /// Streaming sources wait without a bound: their backpressure is pausing partitions, and nothing is lost by waiting.
    /// </summary>
    private async ValueTask<DispatchSlot> AdmitAsync(List<MonitoredRecord> accepted, IngestSource source, CancellationToken ct)
    {
        var tenant = SingleTenant(accepted);
        if (source != IngestSource.Http)
            return await dispatcher.TryAdmitAsync(tenant, Timeout.InfiniteTimeSpan, ct) ?? throw new InvalidOperationException("unbounded admission timed out");

        if (_rates.Enabled)
        {
            foreach (var group in accepted.GroupBy(r => r.Tenant, StringComparer.Ordinal))
            {
                if (_rates.TryTake(group.Key, group.Count()) is { } wait)
                {
                    IngestTelemetry.Throttled.Add(accepted.Count, new KeyValuePair<string, object?>("reason", "tenant-rate"));
                    throw new IngestOverloadedException(
                        $"tenant {group.Key}: over its rate of {options.TenantRecordsPerSecond:0.##} records/s; nothing of this request was accepted", wait);
                }
            }
        }
        if (await dispatcher.TryAdmitAsync(tenant, options.AdmissionWait, ct) is { } slot)
            return slot;
        IngestTelemetry.Throttled.Add(accepted.Count, new KeyValuePair<string, object?>("reason", "dispatch-backlog"));
        throw new IngestOverloadedException(
            $"dispatch is backed up{(tenant is null ? "" : $" (tenant {tenant} holds its share of the queue)")}; nothing of this request was accepted",
            TimeSpan.FromSeconds(1));

        static string? SingleTenant(List<MonitoredRecord> records)
        {
            var first = records[0].Tenant;
            foreach (var r in records)
            {
                if (!string.Equals(r.Tenant, first, StringComparison.Ordinal))
                    return null; // a mixed request takes a place in the shared queue only
            }
            return first;
        }
    }
}
