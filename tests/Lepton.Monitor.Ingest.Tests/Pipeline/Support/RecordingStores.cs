using System.Collections.Concurrent;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Ingest.Tests.Pipeline;

/// <summary>Parks in memory; <see cref="Fail"/> makes parking throw (the parked store is down too).</summary>
internal sealed class RecordingParkedStore : IParkedRecordStore
{
    private int _failures;

    public ConcurrentQueue<ParkedRecord> Parked { get; } = new();

    public volatile bool Fail;

    /// <summary>Called with the failure count each time parking fails (1 for the first).</summary>
    public Action<int>? OnFailure { get; set; }

    public Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default)
    {
        if (Fail)
        {
            OnFailure?.Invoke(Interlocked.Increment(ref _failures));
            return Task.FromException(new InvalidOperationException("parked store: database is locked (injected)"));
        }
        foreach (var record in records)
            Parked.Enqueue(record);
        return Task.CompletedTask;
    }

    // The dispatcher only parks; listing and replaying belong to the replay service.
    public Task<Page<ParkedEntry>> ListAsync(ParkedRecordFilter filter, int pageSize, string? cursor, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ParkedCounts> CountAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<ParkedReplay>> TakeDueAsync(int max, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<ParkedReplay>> TakeMatchingAsync(ParkedRecordFilter filter, int max, CancellationToken ct = default) => throw new NotSupportedException();
    public Task CompleteAsync(IReadOnlyList<ParkedReplay> replayed, CancellationToken ct = default) => throw new NotSupportedException();
    public Task RescheduleAsync(IReadOnlyList<ParkedFailure> failures, CancellationToken ct = default) => throw new NotSupportedException();
}

/// <summary>Dead letters in memory; <see cref="Fail"/> makes adding them throw.</summary>
internal sealed class RecordingDeadLetters : IDeadLetterStore
{
    public ConcurrentQueue<DeadLetter> Letters { get; } = new();

    public volatile bool Fail;

    public Task AddAsync(IReadOnlyList<DeadLetter> items, CancellationToken ct = default)
    {
        if (Fail)
            return Task.FromException(new InvalidOperationException("dead-letter store: disk full (injected)"));
        foreach (var item in items)
            Letters.Enqueue(item);
        return Task.CompletedTask;
    }

    public Task<Page<DeadLetterEntry>> ListAsync(string? tenant, int pageSize, string? cursor, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<long> CountAsync(string? tenant, CancellationToken ct = default) => Task.FromResult((long)Letters.Count);
}

/// <summary>The real SQLite journal, with injected failures of marking and purging (transient store errors).</summary>
internal sealed class FlakyJournal(IRecordJournal inner) : IRecordJournal
{
    private int _failMarks;
    private int _failPurges;
    private int _markFailures;
    private int _purgeFailures;
    private int _purges;

    public int FailMarks { set => Volatile.Write(ref _failMarks, value); }

    public int FailPurges { set => Volatile.Write(ref _failPurges, value); }

    /// <summary>Called with the failure count each time marking fails.</summary>
    public Action<int>? OnMarkFailure { get; set; }

    /// <summary>Called with the failure count each time a purge fails.</summary>
    public Action<int>? OnPurgeFailure { get; set; }

    /// <summary>Completed by the first purge that succeeded.</summary>
    public TaskCompletionSource PurgeSucceeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Purges => Volatile.Read(ref _purges);

    public long ProcessedWatermark => inner.ProcessedWatermark;

    public JournalDiagnostics Diagnostics => inner.Diagnostics;

    public Task<JournalAppendResult> AppendAsync(IReadOnlyList<Contracts.MonitoredRecord> records, CancellationToken ct = default) => inner.AppendAsync(records, ct);

    public Task MarkProcessedAsync(IReadOnlyList<long> seqs, CancellationToken ct = default)
    {
        if (Interlocked.Decrement(ref _failMarks) >= 0)
        {
            OnMarkFailure?.Invoke(Interlocked.Increment(ref _markFailures));
            throw new InvalidOperationException("journal: database is locked (injected)");
        }
        return inner.MarkProcessedAsync(seqs, ct);
    }

    public IAsyncEnumerable<JournaledRecord> ReadUnprocessedAsync(CancellationToken ct = default) => inner.ReadUnprocessedAsync(ct);

    public async Task<JournalPurgeResult> PurgeAsync(TimeSpan retention, CancellationToken ct = default)
    {
        Interlocked.Increment(ref _purges);
        if (Interlocked.Decrement(ref _failPurges) >= 0)
        {
            OnPurgeFailure?.Invoke(Interlocked.Increment(ref _purgeFailures));
            throw new InvalidOperationException("journal: disk I/O error (injected)");
        }
        var result = await inner.PurgeAsync(retention, ct);
        PurgeSucceeded.TrySetResult();
        return result;
    }
}
