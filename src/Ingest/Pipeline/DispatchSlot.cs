namespace Lepton.Monitor.Ingest;

/// <summary>
/// A place in the dispatch queue, taken (with backpressure) before anything is journaled. Once the journal holds the
/// records, <see cref="Enqueue"/> hands them to dispatch without waiting and without a way to fail, so "journaled"
/// always means "will be dispatched"; disposing an unused slot gives the place back.
/// </summary>
public sealed class DispatchSlot : IDisposable
{
    private RecordDispatcher? _owner;
    private readonly SemaphoreSlim? _tenantSlot;

    internal DispatchSlot(RecordDispatcher owner, SemaphoreSlim? tenantSlot = null)
    {
        _owner = owner;
        _tenantSlot = tenantSlot;
    }

    /// <summary>Queues the journaled records in this slot's place; a slot holds one batch.</summary>
    public void Enqueue(JournaledBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var owner = Interlocked.Exchange(ref _owner, null) ?? throw new InvalidOperationException("this dispatch slot was already used or released");
        owner.EnqueueAdmitted(_tenantSlot is null ? batch : batch with { TenantSlot = _tenantSlot });
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _owner, null) is not { } owner)
            return;
        owner.ReleaseSlot();
        _tenantSlot?.Release();
    }
}
