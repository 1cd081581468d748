namespace Lepton.Monitor.Storage.Tests;

/// <summary>Runs <paramref name="release"/> once when disposed: the end of a hold a test took.</summary>
internal sealed class AsyncRelease(Func<Task> release) : IAsyncDisposable
{
    private int _released;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            await release();
    }
}
