using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// The bench's HTTP client of one api (or all-in-one) process: creates tenants, POSTs generated NDJSON chunks with
/// concurrent posters the way an integration must (a chunk that is not acknowledged goes again with the same ids) and
/// times them until /metrics says the grains acknowledged every record.
/// </summary>
public sealed class ClusterHttpLoad : IDisposable
{
    public static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    private static readonly TimeSpan ChunkPatience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan DispatchPatience = TimeSpan.FromMinutes(5);
    private readonly HttpClient _client;
    private readonly ClusterBenchOptions _options;

    public ClusterHttpLoad(Uri api, string adminKey, ClusterBenchOptions options)
    {
        _options = options;
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 1 })
        {
            BaseAddress = api,
            Timeout = TimeSpan.FromMinutes(2),
        };
        _client.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
    }

    public async Task CreateTenantAsync(string tenant, int shards, CancellationToken cancellation)
    {
        using var response = await _client.PostAsJsonAsync("/v1/tenants", new { id = tenant, name = tenant, jurisdictions = Jurisdictions, settings = new { shards } }, cancellation);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /v1/tenants {tenant} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellation)}");
    }

    /// <summary>
    /// POSTs <paramref name="records"/> generated records of <paramref name="tenant"/> and measures from the first POST
    /// until the api's dispatched counter grew by that many.
    /// </summary>
    public async Task<ClusterLoadResult> MeasureAsync(string configuration, string tenant, int records, int seed, CancellationToken cancellation)
    {
        var chunks = PipelineBenchmark.SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = tenant, Count = records, Seed = seed }), _options.ChunkRecords);
        // The counter is cumulative over the process's life (warm-ups, other tenants): count from here.
        var target = await DispatchedAsync(cancellation) + records;
        var latencies = new ConcurrentQueue<double>();
        var resent = 0;
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        var posters = Enumerable.Range(0, _options.Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Count)
                Interlocked.Add(ref resent, await PostUntilAcceptedAsync(chunks[i], latencies, cancellation));
        });
        await Task.WhenAll(posters);
        await WaitForDispatchedAsync(target, cancellation);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new ClusterLoadResult(configuration, records, seconds, LatencyRecorder.Percentile(sorted, 0.50), LatencyRecorder.Percentile(sorted, 0.99), resent);
    }

    /// <summary>Posts one chunk until it gets its 202; returns how many times it went again. Latency counts accepted POSTs only.</summary>
    private async Task<int> PostUntilAcceptedAsync(ReadOnlyMemory<byte> chunk, ConcurrentQueue<double> latencies, CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew();
        var resent = 0;
        while (true)
        {
            string refusal;
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var content = new ReadOnlyMemoryContent(chunk);
                content.Headers.ContentType = new("application/x-ndjson");
                using var response = await _client.PostAsync("/v1/records", content, cancellation);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    latencies.Enqueue(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    return resent;
                }
                refusal = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}";
                // A wrong key or a rejected body fails the same way every time: going again would only wait out the patience.
                if (IsCallersFault(response.StatusCode))
                    throw new InvalidOperationException($"POST /v1/records answered {refusal}");
            }
            catch (HttpRequestException e)
            {
                refusal = e.Message;
            }
            catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
            {
                refusal = "no answer within the client's timeout: " + e.Message;
            }
            resent++;
            if (waited.Elapsed > ChunkPatience)
                throw new TimeoutException($"a chunk was not accepted within {ChunkPatience}; last answer: {refusal}");
            await Task.Delay(200, cancellation);
        }
    }

    private static bool IsCallersFault(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout);

    private async Task WaitForDispatchedAsync(double target, CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var dispatched = await DispatchedAsync(cancellation);
            if (dispatched >= target)
                return;
            if (waited.Elapsed > DispatchPatience)
                throw new TimeoutException($"the grains acknowledged {dispatched:N0} of {target:N0} records (cumulative) within {DispatchPatience} of the last POST");
            // Short polls: the measurement's resolution on a run of a few seconds.
            await Task.Delay(100, cancellation);
        }
    }

    private async Task<double> DispatchedAsync(CancellationToken cancellation) =>
        ClusterDispatchedMetric.Parse(await _client.GetStringAsync("/metrics", cancellation));

    public void Dispose() => _client.Dispose();
}
