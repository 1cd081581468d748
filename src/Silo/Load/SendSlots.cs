namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// The bounded concurrency of a load sender: a send takes a slot and gives it back when answered; draining takes
/// every slot, so it returns once nothing is in flight (or the timeout passed: what is still in flight is reported
/// as failed by the client's own timeout).
/// </summary>
internal sealed class SendSlots(int concurrency)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    public Task TakeAsync(CancellationToken ct) => _slots.WaitAsync(ct);

    public void Release() => _slots.Release();

    public async Task DrainAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var taken = 0;
        try
        {
            for (; taken < concurrency; taken++)
                await _slots.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Still in flight after the timeout.
        }
        _slots.Release(taken);
    }
}
