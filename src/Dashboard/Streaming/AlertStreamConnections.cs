using Microsoft.Extensions.Options;

namespace Lepton.Monitor.Dashboard.Streaming;

/// <summary>Counts open alert streams and refuses one beyond <see cref="AlertStreamOptions.MaxConnections"/>.</summary>
public sealed class AlertStreamConnections(IOptions<AlertStreamOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>Takes a slot; false when all are taken (the caller answers 503). A true answer must be paired with <see cref="Release"/>.</summary>
    public bool TryAcquire()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxConnections)
        {
            AlertStreamTelemetry.Connections.Add(1);
            return true;
        }
        Interlocked.Decrement(ref _open);
        AlertStreamTelemetry.Rejected.Add(1);
        return false;
    }

    public void Release()
    {
        Interlocked.Decrement(ref _open);
        AlertStreamTelemetry.Connections.Add(-1);
    }
}
