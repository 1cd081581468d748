using System.Diagnostics;

namespace Lepton.Monitor.Silo.Cli.Progress;

/// <summary>A phase's name, total and thread-safe count of units done, with its start time; shared by the displays.</summary>
public class PhaseCounter(string name, long? total, string unit) : IProgressPhase
{
    private long _done;
    private int _ended;
    private string? _status;

    public string Name { get; } = name;
    public long? Total { get; } = total;
    public string Unit { get; } = unit;
    public long Done => Interlocked.Read(ref _done);
    public long StartedAt { get; } = Stopwatch.GetTimestamp();
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartedAt);
    public bool Ended => Volatile.Read(ref _ended) == 1;

    /// <summary>The latest <see cref="SetStatus"/>, or null.</summary>
    public string? Status => Volatile.Read(ref _status);

    public void Report(long value) => Interlocked.Exchange(ref _done, value);

    public void Advance(long units) => Interlocked.Add(ref _done, units);

    public void SetStatus(string status)
    {
        Volatile.Write(ref _status, status);
        OnStatus(status);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
            OnEnded();
    }

    protected virtual void OnEnded()
    {
    }

    protected virtual void OnStatus(string status)
    {
    }
}
