using System.Diagnostics;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// The one ingest path for every source: parse → validate → pseudonymize → journal (durable, deduplicated)
/// → dispatch. When this returns, every accepted record is durable and every rejected one is dead-lettered.
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
    public Task<IngestResult> SubmitAsync(ReadOnlyMemory<byte> body, IngestSource source, string? scopeTenant, CancellationToken ct = default) =>
        SubmitAsync(body, source, scopeTenant, waitForProcessing: false, ct);

    /// <summary>
    /// As <see cref="SubmitAsync(ReadOnlyMemory{byte}, IngestSource, string?, CancellationToken)"/>; with
    /// <paramref name="waitForProcessing"/> it returns only once the new records were acknowledged by their grains and
    /// marked processed (streaming sources commit offsets then). Duplicates are not waited for: they are already in the
    /// journal, processed or replayed from it at start.
    /// </summary>
    public async Task<IngestResult> SubmitAsync(ReadOnlyMemory<byte> body, IngestSource source, string? scopeTenant, bool waitForProcessing, CancellationToken ct = default)
    {
        using var activity = IngestTelemetry.Source.StartActivity("ingest.submit");
        activity?.SetTag("lepton.source", source.ToString());
        var started = Stopwatch.GetTimestamp();

        var parsed = RecordParser.Parse(body.Span, options.MaxRecordsPerRequest, options.MaxRecordBytes);
        var now = clock.GetUtcNow();
        var accepted = new List<MonitoredRecord>(parsed.Records.Count);
        var rejected = new List<RejectedRecord>(parsed.Rejections.Count);
        var letters = new List<DeadLetter>(parsed.Rejections.Count);
        var sourceName = source.ToString().ToLowerInvariant();

        foreach (var r in parsed.Rejections)
        {
            // Unparseable records cannot be redacted field by field; only what a known tenant's key can redact is kept.
            var redacted = r.RedactedPayload ?? (scopeTenant is not null ? pseudonymizers.For(scopeTenant).Redact(r, body.Span).RedactedPayload : null);
            Reject(r.Index, r.Id, scopeTenant, r.Reason, redacted);
        }

        foreach (var raw in parsed.Records)
        {
            var reason = RecordValidator.Default.Validate(raw) ?? tenants.CheckTenant(raw.Tenant, scopeTenant);
            if (reason is not null)
            {
                // Dead letters keep the record with its PII replaced by tokens (never the raw values).
                var redacted = raw.Tenant is not null && tenants.Find(raw.Tenant) is not null
                    ? pseudonymizers.For(raw.Tenant).RedactJson(body.Span.Slice(raw.Offset, raw.Length))
                    : null;
                Reject(raw.Index, raw.Id, raw.Tenant, reason, redacted);
                continue;
            }
            // The parse result is ours and dropped after this loop: its arrays and maps move into the record uncopied.
            accepted.Add(pseudonymizers.For(raw.Tenant!).ToMonitoredTakingOwnership(raw, now));
        }

        var journaled = accepted.Count > 0 ? journal.AppendAsync(accepted, ct) : null;
        if (letters.Count > 0)
            await deadLetters.AddAsync(letters);
        var duplicates = 0;
        Task? processed = null;
        if (journaled is not null)
        {
            var appended = await journaled;
            duplicates = appended.DuplicateCount;
            if (appended.NewCount > 0)
            {
                var batch = NewRecords(accepted, appended);
                if (waitForProcessing)
                    batch = batch with { Processed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
                await dispatcher.EnqueueAsync(batch, ct);
                processed = batch.Processed?.Task;
            }
        }

        IngestTelemetry.Accepted.Add(accepted.Count - duplicates, new KeyValuePair<string, object?>("source", sourceName));
        IngestTelemetry.Duplicates.Add(duplicates, new KeyValuePair<string, object?>("source", sourceName));
        IngestTelemetry.Rejected.Add(rejected.Count, new KeyValuePair<string, object?>("source", sourceName));
        IngestTelemetry.SubmitMs.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (rejected.Count > 0)
            logger.LogInformation("Ingest from {Source}: {Accepted} accepted, {Duplicates} duplicates, {Rejected} rejected (first: {Reason})",
                sourceName, accepted.Count, duplicates, rejected.Count, rejected[0].Reason);
        rejected.Sort((a, b) => a.Index.CompareTo(b.Index));
        // Waited for after the metrics: the submit histogram keeps measuring parse to durable journal.
        if (processed is not null)
            await processed.WaitAsync(ct);
        return new IngestResult(accepted.Count, duplicates, rejected);

        static JournaledBatch NewRecords(List<MonitoredRecord> accepted, JournalAppendResult appended)
        {
            if (appended.DuplicateCount == 0)
                return new JournaledBatch(accepted, appended.Sequences);
            var records = new List<MonitoredRecord>(appended.NewCount);
            var sequences = new List<long>(appended.NewCount);
            for (var i = 0; i < accepted.Count; i++)
            {
                if (!appended.IsNew(i))
                    continue;
                records.Add(accepted[i]);
                sequences.Add(appended.Sequences[i]);
            }
            return new JournaledBatch(records, sequences);
        }

        void Reject(int index, string? id, string? tenant, string reason, string? redactedPayload)
        {
            rejected.Add(new RejectedRecord(index, id, reason));
            letters.Add(new DeadLetter(tenant, sourceName, index, id, reason, redactedPayload, now));
        }
    }
}
