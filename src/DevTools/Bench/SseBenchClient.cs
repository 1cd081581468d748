namespace Lepton.Monitor.DevTools.Bench;

/// <summary>One SSE subscriber for the bench: reads <c>/v1/alerts/stream</c> as fast as it can and counts events.</summary>
public sealed class SseBenchClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private long _events;

    public SseBenchClient(HttpClient client, string query)
    {
        _reading = Task.Run(async () =>
        {
            try
            {
                using var response = await client.GetAsync("/v1/alerts/stream" + query, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                response.EnsureSuccessStatusCode();
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("event:", StringComparison.Ordinal))
                        Interlocked.Increment(ref _events);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    public long Events => Interlocked.Read(ref _events);

    /// <summary>The reading task: faulted when the stream could not be opened or broke.</summary>
    public Task Reading => _reading;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _reading; } catch (HttpRequestException) { } catch (IOException) { }
        _stop.Dispose();
    }
}
