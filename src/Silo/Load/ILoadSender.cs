namespace Lepton.Monitor.Silo.Load;

/// <summary>Sends the chunks of a load run to one ingest path and reports each outcome to <see cref="LoadStatistics"/>.</summary>
public interface ILoadSender : IAsyncDisposable
{
    /// <summary>The target in words, for the first line of the run.</summary>
    string Description { get; }

    /// <summary>Checks the target before the clock starts; throws <see cref="LoadTargetException"/> saying what is wrong.</summary>
    Task PrepareAsync(CancellationToken ct);

    /// <summary>
    /// Starts sending <paramref name="chunk"/>, due at <paramref name="dueTimestamp"/>; returns once it is handed off
    /// (waiting first if every connection is busy: that wait counts in its latency). The outcome is reported later.
    /// </summary>
    Task SendAsync(LoadChunk chunk, long dueTimestamp, CancellationToken ct);

    /// <summary>Waits (bounded) for every chunk handed off to be answered; what is not answered counts as failed.</summary>
    Task DrainAsync(TimeSpan timeout);
}
