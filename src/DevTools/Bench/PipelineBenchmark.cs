using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Lepton.Monitor.Contracts;
using Lepton.Monitor.Grains.Alerting;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Rules;
using Lepton.Monitor.Scoring;
using Lepton.Monitor.Silo.Cli.Progress;
using Lepton.Monitor.Silo.Hosting;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// Pushes generated records through the in-process all-in-one pipeline (ingest → journal → grains → scoring →
/// rules → alert store) and measures, in the same run, the raw limits it is built from.
/// </summary>
public sealed class PipelineBenchmark(BenchOptions options, TextWriter log, IWorkProgress? progress = null)
{
    private readonly IWorkProgress _progress = progress ?? NoProgress.Instance;

    private static readonly string[] Jurisdictions = ["US", "EU", "GB", "SG", "GLOBAL"];

    public async Task<BenchReport> RunAsync()
    {
        log.WriteLine($"generating {options.Records:N0} records …");
        var body = TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = "bench", Count = options.Records, Seed = 7 });
        var chunks = SplitLines(body, options.ChunkRecords);

        var parseRate = MeasureParseValidate(chunks);
        log.WriteLine($"raw parse+validate: {parseRate:N0} records/s");
        var onnxRate = MeasureRawOnnx(chunks);
        log.WriteLine($"raw ONNX Run (batch {options.OnnxBatch}): {onnxRate:N0} rows/s");
        var essential = MeasureEssentialWork(chunks);
        log.Write(essential.Format());

        var dataPath = options.DataPath ?? Path.Combine(Path.GetTempPath(), "lepton-bench-" + Guid.NewGuid().ToString("N"));
        var recorder = new LatencyRecorder(TimeProvider.System);
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Lepton:DataPath", dataPath,
            "--Lepton:Demo:Enabled", "false",
            "--Lepton:Orleans:SiloPort", FreePort().ToString(),
            "--Lepton:Orleans:GatewayPort", FreePort().ToString(),
            "--Logging:LogLevel:Default", "Warning",
            "--LEPTON_ADMIN_KEY", "bench-admin-key",
            .. options.HostArgs,
        ];
        BenchReport report;
        await using (var app = LeptonHost.Build(args, b => b.Services.AddSingleton<IAlertListener>(recorder)))
        {
            await app.StartAsync();
            try
            {
                var readiness = app.Services.GetRequiredService<IngestReadiness>();
                while (!readiness.IsReady)
                    await Task.Delay(20);
                var tenants = app.Services.GetRequiredService<ITenantStore>();
                string[] benchTenants = options.Http ? ["bench", "bench-warm", "bench-half", HttpTenant, HttpWarmTenant, HttpHalfTenant] : ["bench", "bench-warm", "bench-half"];
                foreach (var t in benchTenants)
                    await tenants.UpsertAsync(new TenantInfo(t, t, Jurisdictions, null, DateTimeOffset.UtcNow) { Settings = new TenantSettings(Shards: options.Shards) });
                var ingest = app.Services.GetRequiredService<IngestService>();
                var dispatcher = app.Services.GetRequiredService<RecordDispatcher>();

                // Warm up in rounds of as many records as the measured run, with fresh ids, until tier-1 recompilation
                // has settled: one round still left ~18 % of the measured CPU in the JIT's background thread.
                for (var round = 1; round <= MaxWarmupRounds; round++)
                {
                    var warm = SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions
                    {
                        Tenant = "bench-warm", Count = options.Records, Seed = 3 + round, IdPrefix = $"warm{round}-",
                    }), options.ChunkRecords);
                    var before = RuntimeReading.Take();
                    var methodsBefore = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
                    using (var phase = _progress.Begin($"warm-up round {round}", options.Records))
                    {
                        await SubmitAllAsync(ingest, warm, options.Concurrency, phase);
                        await dispatcher.WaitForIdleAsync(TimeSpan.FromMinutes(2));
                    }
                    var after = RuntimeReading.Take();
                    var jitShare = after.ProcessCpu > before.ProcessCpu ? (after.JitTime - before.JitTime) / (after.ProcessCpu - before.ProcessCpu) : 0;
                    var methods = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false) - methodsBefore;
                    log.WriteLine($"warm-up round {round} ({options.Records:N0} records): JIT {jitShare:P1} of its CPU, {methods:N0} methods compiled");
                    if (jitShare < WarmJitShare)
                        break;
                }
                recorder.TakeWindow();

                log.WriteLine($"pipeline at full speed: {options.Records:N0} records, {options.Concurrency} concurrent submitters, {options.Shards} shard(s) per (tenant, jurisdiction) …");
                // CPU time of the whole process over the measured run (less sensitive than wall time to a busy neighbour),
                // with the runtime's allocation, GC and thread-pool counters.
                using var allocations = new AllocationSampler();
                allocations.Start();
                using var meter = RuntimeMeter.Start();
                var started = Stopwatch.GetTimestamp();
                var pipelinePhase = _progress.Begin("pipeline at full speed", options.Records);
                await SubmitAllAsync(ingest, chunks, options.Concurrency, pipelinePhase);
                var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                // Timed to the grains' acknowledgement (every alert durable), as a stream sees it; the monitors' periodic
                // checkpoints that fall inside the run are in the figure, the one forced at the end is reported apart.
                await dispatcher.WaitForDispatchedAsync(TimeSpan.FromMinutes(10));
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var pipelineRuntime = meter.Stop(options.Records);
                pipelinePhase.Dispose();
                allocations.Stop();
                var cpuMicrosPerRecord = pipelineRuntime.CpuMicrosPerRecord;
                log.Write(pipelineRuntime.Format());
                log.WriteLine("  top allocated types (the runtime's allocation ticks, one per ~100 KB):");
                log.Write(allocations.Format(options.Records));
                log.WriteLine($"  ingest (parse → journal) finished after {ingestSeconds:N2} s, grains after {seconds:N2} s");
                var checkpointStarted = Stopwatch.GetTimestamp();
                await dispatcher.WaitForIdleAsync(TimeSpan.FromMinutes(10));
                log.WriteLine($"  checkpoint of every monitor's state and journal marked processed: {Stopwatch.GetElapsedTime(checkpointStarted).TotalMilliseconds:N0} ms more");
                var pipelineRate = options.Records / seconds;
                var saturated = recorder.TakeWindow();

                var halfRate = options.HalfRateSeconds > 0 ? pipelineRate / 2 : 0;
                log.WriteLine($"pipeline at half rate ({halfRate:N0}/s) for {options.HalfRateSeconds}s …");
                var halfCount = (int)Math.Min(int.MaxValue, halfRate * options.HalfRateSeconds);
                if (halfCount > 0)
                {
                    var halfChunks = SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = "bench-half", Count = halfCount, Seed = 11 }), 500);
                    using var halfPhase = _progress.Begin("pipeline at half rate", halfCount);
                    await SendPacedAsync(halfChunks, halfRate, async i =>
                    {
                        await ingest.SubmitAsync(halfChunks[i], IngestSource.File, null);
                        halfPhase.Advance(CountLines(halfChunks[i].Span));
                    });
                    await dispatcher.WaitForIdleAsync(TimeSpan.FromMinutes(5));
                }
                var half = recorder.TakeWindow();

                (double Rate, RuntimeCost Runtime, HttpHalfRateResult? HalfRate)? http = options.Http ? await MeasureHttpAsync(app, dispatcher) : null;

                report = new BenchReport(options.Records, parseRate, onnxRate, options.OnnxBatch, pipelineRate, cpuMicrosPerRecord,
                    LatencyRecorder.Percentile(saturated, 0.50), LatencyRecorder.Percentile(saturated, 0.99),
                    halfRate, LatencyRecorder.Percentile(half, 0.50), LatencyRecorder.Percentile(half, 0.99), half.Length,
                    saturated.Length)
                {
                    HttpPerSecond = http?.Rate,
                    PipelineRuntime = pipelineRuntime,
                    HttpRuntime = http?.Runtime,
                    HttpHalfRate = http?.HalfRate,
                    EssentialWork = essential,
                };
            }
            finally
            {
                await app.StopAsync();
                if (options.DataPath is null)
                    TryDelete(dataPath);
            }
        }

        // After the first host stopped, so the two silos never share the cores.
        if (options.Kafka)
            report = report with { Kafka = await new KafkaPathBenchmark(options, log).RunAsync() };
        if (options.EventHubsConnectionString is not null)
            report = report with { EventHubs = await new EventHubsPathBenchmark(options, log).RunAsync() };
        return report;
    }

    /// <summary>Warm-up rounds stop once the JIT takes less than this share of a round's CPU, or after the last.</summary>
    private const double WarmJitShare = 0.03;
    private const int MaxWarmupRounds = 4;

    private const string HttpTenant = "bench-http";
    private const string HttpWarmTenant = "bench-http-warm";
    private const string HttpHalfTenant = "bench-http-half";

    /// <summary>Issue 18, item 4 names the HTTP latency of 1,000-record bodies.</summary>
    private const int HttpHalfRateBodyRecords = 1_000;
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The same number of records POSTed over loopback HTTP as NDJSON chunks by concurrent posters with the bench's
    /// admin key, timed until the grains acknowledged every record, with the runtime's counters over the same span; then
    /// 1,000-record bodies paced at half that rate, for their request latency.
    /// </summary>
    private async Task<(double Rate, RuntimeCost Runtime, HttpHalfRateResult? HalfRate)> MeasureHttpAsync(WebApplication app, RecordDispatcher dispatcher)
    {
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("http path: the bench host reports no listening address");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "bench-admin-key");

        // Warms Kestrel, auth and the endpoint (the grains path is warm already) in rounds until the JIT settles, as the
        // pipeline's warm-up does: one 20k round left 37-54 % of the HTTP span's CPU in the tier-1 JIT thread.
        for (var round = 1; round <= MaxWarmupRounds; round++)
        {
            var warmCount = Math.Min(options.Records, round == 1 ? 20_000 : options.Records);
            var warm = SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions
            {
                Tenant = HttpWarmTenant, Count = warmCount, Seed = 16 + round, IdPrefix = $"httpwarm{round}-",
            }), options.ChunkRecords);
            var before = RuntimeReading.Take();
            await PostAllAsync(client, warm, options.Concurrency).WaitAsync(HttpTimeout);
            await dispatcher.WaitForIdleAsync(TimeSpan.FromMinutes(2));
            var after = RuntimeReading.Take();
            var jitShare = after.ProcessCpu > before.ProcessCpu ? (after.JitTime - before.JitTime) / (after.ProcessCpu - before.ProcessCpu) : 0;
            log.WriteLine($"http path: warm-up round {round} ({warmCount:N0} records): JIT {jitShare:P1} of its CPU");
            if (jitShare < WarmJitShare)
                break;
        }

        var chunks = SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = HttpTenant, Count = options.Records, Seed = 7 }), options.ChunkRecords);
        log.WriteLine($"http path: {options.Records:N0} records POSTed to {address}/v1/records in chunks of {options.ChunkRecords:N0}, {options.Concurrency} concurrent posters …");
        using var allocations = new AllocationSampler();
        allocations.Start();
        using var meter = RuntimeMeter.Start();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await PostAllAsync(client, chunks, options.Concurrency).WaitAsync(HttpTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"http path: posting {options.Records} records did not finish within {HttpTimeout}");
        }
        var postSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await dispatcher.WaitForDispatchedAsync(HttpTimeout);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var runtime = meter.Stop(options.Records);
        allocations.Stop();
        await dispatcher.WaitForIdleAsync(HttpTimeout);
        log.WriteLine($"  posts (parse → journal, 202) finished after {postSeconds:N2} s, grains after {seconds:N2} s: {options.Records / seconds:N0} records/s");
        log.Write(runtime.Format());
        log.WriteLine("  top allocated types (client and server):");
        log.Write(allocations.Format(options.Records));
        var rate = options.Records / seconds;
        return (rate, runtime, await MeasureHttpHalfRateAsync(client, dispatcher, rate));
    }

    /// <summary>
    /// Issue 18, item 4: 1,000-record bodies POSTed on a schedule at half the measured HTTP rate for the half-rate
    /// seconds; each request's latency from its start to its 202 (journaled, fsync'd). Null when half-rate seconds is 0.
    /// </summary>
    private async Task<HttpHalfRateResult?> MeasureHttpHalfRateAsync(HttpClient client, RecordDispatcher dispatcher, double httpRate)
    {
        var rate = httpRate / 2;
        var count = (int)Math.Min(int.MaxValue, rate * options.HalfRateSeconds);
        if (count <= 0)
            return null;
        log.WriteLine($"http path at half rate ({rate:N0}/s) for {options.HalfRateSeconds}s in {HttpHalfRateBodyRecords:N0}-record bodies …");
        var chunks = SplitLines(TransactionGenerator.GenerateNdjson(new GeneratorOptions { Tenant = HttpHalfTenant, Count = count, Seed = 19 }), HttpHalfRateBodyRecords);
        var latencies = new double[chunks.Count];
        var elapsed = await SendPacedAsync(chunks, rate, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            await PostAsync(client, chunks[i]);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }).WaitAsync(HttpTimeout);
        await dispatcher.WaitForIdleAsync(HttpTimeout);
        var result = HttpHalfRateResult.From(latencies, rate, count / elapsed.TotalSeconds, HttpHalfRateBodyRecords);
        log.Write(result.Format());
        return result;
    }

    private static async Task PostAllAsync(HttpClient client, List<ReadOnlyMemory<byte>> chunks, int concurrency)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Count)
                await PostAsync(client, chunks[i]);
        });
        await Task.WhenAll(workers);
    }

    private static async Task PostAsync(HttpClient client, ReadOnlyMemory<byte> chunk)
    {
        using var content = new ReadOnlyMemoryContent(chunk);
        content.Headers.ContentType = new("application/x-ndjson");
        using var response = await client.PostAsync("/v1/records", content);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"http path: POST /v1/records answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private double MeasureParseValidate(List<ReadOnlyMemory<byte>> chunks)
    {
        double best = 0;
        for (var round = 0; round < 3; round++)
        {
            var started = Stopwatch.GetTimestamp();
            var valid = 0;
            foreach (var chunk in chunks)
            {
                var parsed = RecordParser.Parse(chunk.Span, int.MaxValue, 64 * 1024);
                var now = TimeProvider.System.GetUtcNow(); // one ingest clock reading per request, as IngestService does
                foreach (var raw in parsed.Records)
                    valid += RecordValidator.Default.Validate(raw, now) is null ? 1 : 0;
            }
            best = Math.Max(best, valid / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return best;
    }

    /// <summary>The single-thread limit of the essential work (issue 18, item 2) over the same records, before the host starts.</summary>
    private EssentialWorkResult MeasureEssentialWork(List<ReadOnlyMemory<byte>> chunks)
    {
        using var essential = new EssentialWorkBenchmark(RulePackSet.LoadDefault(), CurrencyRates.LoadDefault(), Jurisdictions, scoreBatch: options.OnnxBatch);
        return essential.Measure(chunks);
    }

    private double MeasureRawOnnx(List<ReadOnlyMemory<byte>> chunks)
    {
        var rates = CurrencyRates.LoadDefault();
        var extractor = new FeatureExtractor(rates);
        using var pseudonymizer = new Pseudonymizer(RandomNumberGenerator.GetBytes(32));
        var batch = options.OnnxBatch;
        var features = new float[batch * FeatureExtractor.FeatureCount];
        var rows = 0;
        foreach (var chunk in chunks)
        {
            foreach (var raw in RecordParser.Parse(chunk.Span, int.MaxValue, 64 * 1024).Records)
            {
                if (rows == batch)
                    break;
                var record = pseudonymizer.ToMonitored(raw, DateTimeOffset.UtcNow);
                extractor.Extract(record, features.AsSpan(rows++ * FeatureExtractor.FeatureCount, FeatureExtractor.FeatureCount));
            }
        }
        using var runner = new RawOnnxRunner(new ScoringOptions().ModelPath, new ScoringOptions { Device = ScoringDevice.Cpu });
        var scores = new float[batch];
        runner.Run(features, rows, scores);
        var started = Stopwatch.GetTimestamp();
        long scored = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < 2)
        {
            runner.Run(features, rows, scores);
            scored += rows;
        }
        return scored / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    internal static async Task SubmitAllAsync(IngestService ingest, List<ReadOnlyMemory<byte>> chunks, int concurrency, IProgressPhase? progress = null)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Count)
            {
                await ingest.SubmitAsync(chunks[i], IngestSource.File, null);
                progress?.Advance(CountLines(chunks[i].Span));
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Submits chunks on a schedule that holds <paramref name="recordsPerSecond"/>, not as fast as possible.</summary>
    internal static Task SubmitPacedAsync(IngestService ingest, List<ReadOnlyMemory<byte>> chunks, double recordsPerSecond) =>
        SendPacedAsync(chunks, recordsPerSecond, i => ingest.SubmitAsync(chunks[i], IngestSource.File, null));

    /// <summary>
    /// Starts <paramref name="send"/> for each chunk (by index) when <see cref="PacingSchedule"/> says it is due, without
    /// waiting for earlier ones; returns the time from the start until every send finished.
    /// </summary>
    internal static async Task<TimeSpan> SendPacedAsync(List<ReadOnlyMemory<byte>> chunks, double recordsPerSecond, Func<int, Task> send)
    {
        var schedule = new PacingSchedule(recordsPerSecond);
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var wait = PacingSchedule.WaitFor(schedule.Next(CountLines(chunks[i].Span)), Stopwatch.GetElapsedTime(started));
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            inFlight.Add(send(i));
        }
        await Task.WhenAll(inFlight);
        return Stopwatch.GetElapsedTime(started);
    }

    internal static List<ReadOnlyMemory<byte>> SplitLines(byte[] ndjson, int recordsPerChunk)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        int start = 0, lines = 0;
        for (var i = 0; i < ndjson.Length; i++)
        {
            if (ndjson[i] != (byte)'\n' || ++lines < recordsPerChunk)
                continue;
            chunks.Add(ndjson.AsMemory(start, i + 1 - start));
            start = i + 1;
            lines = 0;
        }
        if (start < ndjson.Length)
            chunks.Add(ndjson.AsMemory(start));
        return chunks;
    }

    private static int CountLines(ReadOnlySpan<byte> chunk) => chunk.Count((byte)'\n') + (chunk.Length > 0 && chunk[^1] != (byte)'\n' ? 1 : 0);

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void TryDelete(string path)
    {
        try { Directory.Delete(path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
