using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>The real parked-record store behind a switch: while <see cref="Broken"/>, every call fails as an outage would.</summary>
public sealed class ParkedFlakyStore(IParkedRecordStore inner) : IParkedRecordStore
{
    private volatile bool _broken;

    public IParkedRecordStore Inner => inner;

    public bool Broken
    {
        get => _broken;
        set => _broken = value;
    }

    public Task ParkAsync(IReadOnlyList<ParkedRecord> records, CancellationToken ct = default) => Check().ParkAsync(records, ct);

    public Task<Page<ParkedEntry>> ListAsync(ParkedRecordFilter filter, int pageSize, string? cursor, CancellationToken ct = default) => Check().ListAsync(filter, pageSize, cursor, ct);

    public Task<ParkedCounts> CountAsync(CancellationToken ct = default) => Check().CountAsync(ct);

    public Task<IReadOnlyList<ParkedReplay>> TakeDueAsync(int max, CancellationToken ct = default) => Check().TakeDueAsync(max, ct);

    public Task<IReadOnlyList<ParkedReplay>> TakeMatchingAsync(ParkedRecordFilter filter, int max, CancellationToken ct = default) => Check().TakeMatchingAsync(filter, max, ct);

    public Task CompleteAsync(IReadOnlyList<ParkedReplay> replayed, CancellationToken ct = default) => Check().CompleteAsync(replayed, ct);

    public Task RescheduleAsync(IReadOnlyList<ParkedFailure> failures, CancellationToken ct = default) => Check().RescheduleAsync(failures, ct);

    private IParkedRecordStore Check() => _broken ? throw new InvalidOperationException("parked store unavailable (test outage)") : inner;
}
