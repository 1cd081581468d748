using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Dashboard.Apis;

/// <summary>
/// Bounds the request bodies held in memory at once (<see cref="IngestOptions.MaxConcurrentBodies"/> ×
/// <see cref="IngestOptions.MaxBodyBytes"/>): a request beyond it waits up to <see cref="IngestOptions.AdmissionWait"/>
/// for a place, then is answered 429 before its body is read.
/// </summary>
public sealed class RequestBodyGate(IngestOptions options)
{
    private readonly SemaphoreSlim _places = new(Math.Max(1, options.MaxConcurrentBodies));

    /// <summary>A place to read one body (dispose to give it back), or null when none freed up in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken ct)
    {
        if (!_places.Wait(0) && !await _places.WaitAsync(options.AdmissionWait, ct))
            return null;
        return new Place(_places);
    }

    private sealed class Place(SemaphoreSlim places) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                places.Release();
        }
    }
}
