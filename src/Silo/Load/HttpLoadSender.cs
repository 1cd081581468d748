using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Lepton.Monitor.Silo.Load;

/// <summary>
/// POST /v1/records with NDJSON chunks over at most <c>concurrency</c> requests at once. A 202 acknowledges its
/// accepted (and duplicate) records; 429 and 503 are backpressure; any other answer or a failed request is an error.
/// </summary>
public sealed class HttpLoadSender : ILoadSender
{
    private static readonly MediaTypeHeaderValue Ndjson = new("application/x-ndjson");
    private readonly HttpClient _http;
    private readonly SendSlots _slots;
    private readonly string _tenant;
    private readonly LoadStatistics _stats;

    public HttpLoadSender(Uri baseAddress, string key, string tenant, int concurrency, LoadStatistics stats)
    {
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _slots = new SendSlots(concurrency);
        _tenant = tenant;
        _stats = stats;
        Description = $"POST {new Uri(baseAddress, "/v1/records")} (tenant '{tenant}', {concurrency} concurrent requests)";
    }

    public string Description { get; }

    public async Task PrepareAsync(CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync($"/v1/tenants/{Uri.EscapeDataString(_tenant)}", ct);
        }
        catch (HttpRequestException e)
        {
            throw new LoadTargetException($"{_http.BaseAddress} did not answer: {e.Message}");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new LoadTargetException($"tenant '{_tenant}' does not exist on {_http.BaseAddress}: create it first (POST /v1/tenants) or pick another with --tenant");
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new LoadTargetException($"{_http.BaseAddress} refused the key (HTTP {(int)response.StatusCode}): give an admin key with --key or LEPTON_ADMIN_KEY");
            if (!response.IsSuccessStatusCode)
                throw new LoadTargetException($"GET /v1/tenants/{_tenant} answered HTTP {(int)response.StatusCode}");
        }
    }

    public async Task SendAsync(LoadChunk chunk, long dueTimestamp, CancellationToken ct)
    {
        await _slots.TakeAsync(ct);
        _ = PostAsync(chunk, dueTimestamp); // released when answered; DrainAsync waits for every slot
    }

    private async Task PostAsync(LoadChunk chunk, long dueTimestamp)
    {
        try
        {
            using var content = new ByteArrayContent(chunk.Body);
            content.Headers.ContentType = Ndjson;
            using var response = await _http.PostAsync("/v1/records", content);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var (accepted, duplicates, rejected) = await ReadResultAsync(response);
                _stats.Acknowledge(accepted + duplicates, dueTimestamp, duplicates);
                if (rejected > 0)
                    _stats.Fail("rejected by validation", rejected, backpressure: false);
            }
            else
            {
                var code = (int)response.StatusCode;
                _stats.Fail($"http {code}", chunk.Records, backpressure: code is 429 or 503);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            _stats.Fail(e is TaskCanceledException ? "timeout" : "connection: " + e.Message, chunk.Records, backpressure: false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private static async Task<(int Accepted, int Duplicates, int Rejected)> ReadResultAsync(HttpResponseMessage response)
    {
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var root = doc.RootElement;
        return (root.GetProperty("accepted").GetInt32(),
            root.TryGetProperty("duplicates", out var d) ? d.GetInt32() : 0,
            root.TryGetProperty("rejected", out var r) ? r.GetArrayLength() : 0);
    }

    public Task DrainAsync(TimeSpan timeout) => _slots.DrainAsync(timeout);

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
