using System.Diagnostics.Metrics;

namespace Lepton.Monitor.Kafka.Tests.Alerts;

/// <summary>Sums one counter's measurements from now on, and lets a test wait until it reaches a value (instead of sleeping).</summary>
public sealed class CounterWatch : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private long _total;
    private (long Target, TaskCompletionSource Reached)? _wait;

    public CounterWatch(string meter, string instrument)
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
                if (_wait is { } w && _total >= w.Target)
                    w.Reached.TrySetResult();
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
            _wait = (target, reached);
            return reached.Task.WaitAsync(timeout);
        }
    }

    public void Dispose() => _listener.Dispose();
}
