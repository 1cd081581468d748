using Lepton.Monitor.Contracts;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Stream;

/// <summary>A change feed in memory for the session's unit tests; <see cref="OnRead"/> lets a test add events as a reader reads.</summary>
public sealed class InMemoryAlertEventLog : IAlertEventLog
{
    private readonly object _gate = new();
    private readonly List<AlertEvent> _events = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<InMemoryAlertEventLog>? OnRead { get; set; }

    public void Append(int count, string tenant = "acme")
    {
        TaskCompletionSource woken;
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var seq = _events.Count == 0 ? 1 : _events[^1].Seq + 1;
                _events.Add(new AlertEvent(seq, AlertEventTypes.Raised, tenant, $"al-{seq}", DateTimeOffset.UnixEpoch, "US",
                    AlertKind.Rule, Severity.High, AlertStatus.Open, true, $$"""{"id":"al-{{seq}}"}"""));
            }
            woken = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        woken.TrySetResult();
    }

    public Task<IReadOnlyList<AlertEvent>> ReadAfterAsync(long afterSeq, int max, AlertEventFilter? filter = null, CancellationToken ct = default)
    {
        OnRead?.Invoke(this);
        lock (_gate)
            return Task.FromResult<IReadOnlyList<AlertEvent>>(_events.Where(e => e.Seq > afterSeq && (filter?.Tenant is null || e.Tenant == filter.Tenant)).Take(max).ToList());
    }

    public Task<long> LastSeqAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(_events.Count == 0 ? 0 : _events[^1].Seq);
    }

    public Task<long> FirstSeqAsync(CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult(_events.Count == 0 ? 0 : _events[0].Seq);
    }

    public async Task WaitForEventsAsync(long afterSeq, TimeSpan timeout, CancellationToken ct = default)
    {
        Task next;
        lock (_gate)
        {
            if (_events.Count > 0 && _events[^1].Seq > afterSeq)
                return;
            next = _next.Task;
        }
        try
        {
            await next.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
        }
    }

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default) => Task.FromResult(0);
}
