using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// `lepton bench --subscribers`: the in-process pipeline with no subscriber, then with 10 (<c>--webhooks</c>) webhook subscriptions (a
/// loopback receiver answering 204) and 10 (<c>--sse</c>) SSE clients attached, in one run and one host; the throughput ratio, the
/// time until every webhook delivery arrived, and webhook delivery latency (alert change durable → receiver 2xx)
/// at half the pipeline's rate.
/// </summary>
public sealed class SubscribersBenchmark(BenchOptions options, TextWriter log, int webhooks = 10, int sseClients = 10)
{
    private const string AdminKey = "bench-admin-key";
    private static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    public async Task<int> RunAsync()
    {
        var dataPath = options.DataPath ?? Path.Combine(Path.GetTempPath(), "lepton-bench-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Lepton:DataPath", dataPath,
            "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", PipelineBenchmark.FreePort().ToString(),
            "--Lepton:Orleans:GatewayPort", PipelineBenchmark.FreePort().ToString(),
            "--Logging:LogLevel:Default", "Warning",
            "--LEPTON_ADMIN_KEY", AdminKey,
            // The receiver listens on loopback.
            "--Lepton:Webhooks:AllowPrivateNetworks", "true",
            .. options.HostArgs,
        ];
        await using var receiver = await WebhookBenchReceiver.StartAsync();
        await using var app = LeptonHost.Build(args);
        await app.StartAsync();
        try
        {
            var readiness = app.Services.GetRequiredService<IngestReadiness>();
            while (!readiness.IsReady)
                await Task.Delay(20);
            var tenants = app.Services.GetRequiredService<ITenantStore>();
            foreach (var t in new[] { "bench-warm", "bench-none", "bench-subs", "bench-half" })
                await tenants.UpsertAsync(new TenantInfo(t, t, Jurisdictions, null, DateTimeOffset.UtcNow));
            var ingest = app.Services.GetRequiredService<IngestService>();
            var dispatcher = app.Services.GetRequiredService<RecordDispatcher>();
            var events = app.Services.GetRequiredService<IAlertEventLog>();
            using var client = ApiClient(app);

            log.WriteLine($"warming up ({options.Records:N0} records) …");
            await RunAsync(ingest, dispatcher, "bench-warm", 3);

            log.WriteLine($"pipeline, no subscriber: {options.Records:N0} records …");
            var (noneRate, noneCpu) = await RunAsync(ingest, dispatcher, "bench-none", 7);
            log.WriteLine($"  {noneRate:N0} records/s, {noneCpu:N1} µs CPU/record");

            foreach (var tenant in new[] { "bench-subs", "bench-half" })
            {
                for (var i = 0; i < webhooks; i++)
                {
                    using var created = await client.PostAsJsonAsync("/v1/subscriptions",
                        new { url = $"{receiver.BaseUrl}/hook/{i}", tenant, filter = new { } });
                    if (created.StatusCode != HttpStatusCode.Created)
                        throw new InvalidOperationException($"POST /v1/subscriptions answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
                }
            }
            var streams = Enumerable.Range(0, sseClients).Select(_ => new SseBenchClient(ApiClient(app), "")).ToArray();
            try
            {
                await Task.Delay(500); // the streams are open before the clock starts
                foreach (var s in streams.Where(s => s.Reading.IsFaulted))
                    await s.Reading; // throws why it could not stream

                var firstSeq = await events.LastSeqAsync();
                log.WriteLine($"pipeline, {webhooks} webhook subscriptions and {sseClients} SSE clients: {options.Records:N0} records …");
                var started = Stopwatch.GetTimestamp();
                var (withRate, withCpu) = await RunAsync(ingest, dispatcher, "bench-subs", 7);
                var notified = await CountNotifiedAsync(events, firstSeq, "bench-subs");
                var expected = (long)notified * webhooks;
                await WaitUntilAsync(() => receiver.Received - receiver.Repeated >= expected, TimeSpan.FromMinutes(5));
                var drained = Stopwatch.GetElapsedTime(started).TotalSeconds;
                log.WriteLine($"  {withRate:N0} records/s, {withCpu:N1} µs CPU/record; {notified:N0} alert changes → {receiver.Received:N0} webhook deliveries ({receiver.Repeated:N0} repeated ids), all received {drained:N2} s after the start; SSE events read per client: {string.Join(", ", streams.Select(s => s.Events))}");
                receiver.TakeLatencies("bench-subs");

                var halfRate = withRate / 2;
                var halfCount = (int)(halfRate * options.HalfRateSeconds);
                var halfFirst = await events.LastSeqAsync();
                log.WriteLine($"half rate ({halfRate:N0}/s) for {options.HalfRateSeconds}s with the subscribers attached …");
                var received = receiver.Received - receiver.Repeated;
                var halfChunks = PipelineBenchmark.SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = "bench-half", Count = halfCount, Seed = 11 }), 500);
                await PipelineBenchmark.SubmitPacedAsync(ingest, halfChunks, halfRate);
                await dispatcher.WaitForIdleAsync(TimeSpan.FromMinutes(5));
                var halfExpected = received + (long)await CountNotifiedAsync(events, halfFirst, "bench-half") * webhooks;
                await WaitUntilAsync(() => receiver.Received - receiver.Repeated >= halfExpected, TimeSpan.FromMinutes(5));
                var latencies = receiver.TakeLatencies("bench-half");

                log.WriteLine();
                log.WriteLine($"throughput with/without subscribers: {withRate / noneRate:P1} ({withRate:N0} vs {noneRate:N0} records/s); CPU/record {withCpu / noneCpu:N2}×");
                log.WriteLine($"webhook delivery (alert change durable → receiver 2xx) at half rate: p50 {LatencyRecorder.Percentile(latencies, 0.5):N0} ms, p99 {LatencyRecorder.Percentile(latencies, 0.99):N0} ms over {latencies.Length:N0} deliveries");
            }
            finally
            {
                foreach (var s in streams)
                    await s.DisposeAsync();
            }
        }
        finally
        {
            await app.StopAsync();
            if (options.DataPath is null)
                PipelineBenchmark.TryDelete(dataPath);
        }
        return 0;
    }

    /// <summary>N generated records of one tenant, timed to the grains' acknowledgement; records/s and process CPU µs/record.</summary>
    private async Task<(double Rate, double CpuMicros)> RunAsync(IngestService ingest, RecordDispatcher dispatcher, string tenant, int seed)
    {
        var chunks = PipelineBenchmark.SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = tenant, Count = options.Records, Seed = seed }), options.ChunkRecords);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await PipelineBenchmark.SubmitAllAsync(ingest, chunks, options.Concurrency);
        await dispatcher.WaitForDispatchedAsync(TimeSpan.FromMinutes(10));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / options.Records;
        await dispatcher.WaitForIdleAsync(TimeSpan.FromMinutes(10));
        return (options.Records / seconds, cpuMicros);
    }

    private static async Task<int> CountNotifiedAsync(IAlertEventLog events, long afterSeq, string tenant)
    {
        var count = 0;
        while (true)
        {
            var page = await events.ReadAfterAsync(afterSeq, 5_000, new AlertEventFilter { Tenant = tenant, NotifyOnly = true });
            if (page.Count == 0)
                return count;
            count += page.Count;
            afterSeq = page[^1].Seq;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (!done())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
                throw new TimeoutException($"subscribers bench: deliveries did not all arrive within {timeout}");
            await Task.Delay(20);
        }
    }

    private static HttpClient ApiClient(WebApplication app)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }
}
