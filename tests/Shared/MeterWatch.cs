using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Tests.Support;

/// <summary>Sums one counter's measurements from now on, so a test can wait for it (instead of sleeping).</summary>
public sealed class MeterWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private readonly List<(long Target, TaskCompletionSource Reached)> _waits = [];
    private long _total;

    public MeterWatch(string meter, string instrument)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == meter && i.Name == instrument)
                l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            lock (_gate)
            {
                _total += value;
                foreach (var (target, reached) in _waits)
                {
                    if (_total >= target)
                        reached.TrySetResult();
                }
            }
        });
        _listener.Start();
    }

    public long Total
    {
        get { lock (_gate) return _total; }
    }

    public Task WaitForAtLeastAsync(long target, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_total >= target)
                return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((target, reached));
            return reached.Task.WaitAsync(timeout);
        }
    }

    public void Dispose() => _listener.Dispose();
}
