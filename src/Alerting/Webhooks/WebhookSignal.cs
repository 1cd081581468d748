namespace Lepton.Monitor.Alerting.Webhooks;

/// <summary>Wakes the sender when the dispatcher or a replay queued deliveries, so they need not wait for its next poll.</summary>
public sealed class WebhookSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify()
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            woken = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    /// <summary>Completes at the next <see cref="Notify"/>: take it before looking for work, so a notice meanwhile is not missed.</summary>
    public Task Next
    {
        get
        {
            lock (_gate)
                return _next.Task;
        }
    }

    /// <summary>Completes when <paramref name="next"/> (from <see cref="Next"/>) does or after <paramref name="timeout"/>.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await next.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
    }
}
