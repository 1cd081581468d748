namespace Lepton.Monitor.Silo.Load;

/// <summary>Scrapes the target's Prometheus endpoint for <see cref="TargetMemory"/>; null when it does not answer in time.</summary>
public sealed class TargetMemorySampler(Uri metricsUrl) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMilliseconds(900) };

    public Uri Url { get; } = metricsUrl;

    public async Task<TargetMemory?> SampleAsync(CancellationToken ct)
    {
        try
        {
            var memory = TargetMemory.Parse(await _http.GetStringAsync(Url, ct));
            return memory.RssBytes is null && memory.GcHeapBytes is null ? null : memory;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
