using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Lepton.Monitor.Silo.Hosting;
using Microsoft.Playwright;

// Board benchmark: the all-in-one host on loopback and Debian's Chromium, as an analyst would use them.
//   dotnet run --project bench/Lepton.Monitor.BoardBench -c Release -- [--alerts 50000] [--rate 100] [--seconds 10]
// 1. seeds N alerts (one per generated customer: us-cash-ctr), 2. signs in and times the first alert rendered,
// 3. waits until the board holds them all, 4. streams RATE new alerts/s for SECONDS and records every frame
// (requestAnimationFrame deltas) and Chromium's long tasks / long animation frames (the performance timeline).

var options = BenchOptions.Parse(args);
var data = Directory.CreateTempSubdirectory("lepton-boardbench-");
const string adminKey = "board-bench-admin-key-0123456789";
var port = FreePort();
var app = LeptonHost.Build([
    "--urls", $"http://127.0.0.1:{port}", "--Lepton:DataPath", data.FullName, "--Lepton:Demo:Enabled", "false",
    "--Lepton:Orleans:SiloPort", FreePort().ToString(), "--Lepton:Orleans:GatewayPort", FreePort().ToString(),
    "--LEPTON_ADMIN_KEY", adminKey, "--Logging:LogLevel:Default", "Warning",
    "--Lepton:Dashboard:MaxBoardAlerts", options.Alerts.ToString(),
]);
await app.StartAsync();
var baseUrl = $"http://127.0.0.1:{port}";
using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
try
{
    await WaitReady(http);
    await Post(http, "/v1/tenants", """{"id":"bench","name":"bench","jurisdictions":["US"]}""");

    var seed = Stopwatch.StartNew();
    for (var start = 0; start < options.Alerts; start += 5000)
        await PostRecords(http, Enumerable.Range(start, Math.Min(5000, options.Alerts - start)).Select(i => Record($"seed-{i}")));
    await WaitForAlerts(http, options.Alerts);
    Console.WriteLine($"seeded {options.Alerts:N0} alerts in {seed.Elapsed.TotalSeconds:F1} s");

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("LEPTON_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
    var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = baseUrl, ViewportSize = new() { Width = 1440, Height = 900 } });
    await page.AddInitScriptAsync(FrameProbe.Script);

    await page.GotoAsync("/");
    await page.GetByLabel("API key").FillAsync(adminKey);
    var clickedAt = await page.EvaluateAsync<double>("performance.now()");
    await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    await page.Locator("[data-alert-id]").First.WaitForAsync(new() { Timeout = 120_000 });
    var firstAlertAt = await page.EvaluateAsync<double>("window.__bench.firstAlertAt");
    // The board section says how much it holds (data-loaded) and whether its snapshot is still loading.
    await page.WaitForFunctionAsync("n => window.__bench.allLoadedAt !== null", options.Alerts, new() { Timeout = 180_000, PollingInterval = 100 });
    var allLoadedAt = await page.EvaluateAsync<double>("window.__bench.allLoadedAt");
    var loadedRows = await page.EvaluateAsync<int>("+document.querySelector('[data-loaded]').dataset.loaded");
    Console.WriteLine($"time to first alert after sign-in: {firstAlertAt - clickedAt:F0} ms");
    Console.WriteLine($"time to {loadedRows:N0} alerts loaded: {allLoadedAt - clickedAt:F0} ms");
    await page.WaitForTimeoutAsync(2000); // let the last chunk settle before measuring frames

    await page.EvaluateAsync("window.__bench.startFrames()");
    var stream = Stopwatch.StartNew();
    var sent = 0;
    var perTick = Math.Max(1, options.Rate / 10);
    while (stream.Elapsed.TotalSeconds < options.Seconds)
    {
        var due = TimeSpan.FromMilliseconds(100.0 * (sent / perTick));
        if (stream.Elapsed < due)
            await Task.Delay(due - stream.Elapsed);
        await PostRecords(http, Enumerable.Range(sent, perTick).Select(i => Record($"live-{i}")));
        sent += perTick;
    }
    await page.WaitForTimeoutAsync(1500);
    var frames = await page.EvaluateAsync<JsonElement>("window.__bench.stopFrames()");
    var deltas = frames.GetProperty("deltas").EnumerateArray().Select(e => e.GetDouble()).Order().ToArray();
    double P(double q) => deltas.Length == 0 ? double.NaN : deltas[Math.Min(deltas.Length - 1, (int)(q * deltas.Length))];
    Console.WriteLine($"streamed {sent:N0} new alerts at {options.Rate}/s for {options.Seconds} s into a board holding {loadedRows:N0}");
    Console.WriteLine($"frames: {deltas.Length} in {frames.GetProperty("ms").GetDouble() / 1000:F1} s ({deltas.Length / (frames.GetProperty("ms").GetDouble() / 1000):F0} fps); " +
        $"frame time p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {deltas.LastOrDefault():F1} ms; " +
        $"frames over 50 ms: {deltas.Count(d => d > 50)}");
    Console.WriteLine($"long tasks (> 50 ms): {frames.GetProperty("longTasks").GetInt32()}, total {frames.GetProperty("longTaskMs").GetDouble():F0} ms; " +
        $"long animation frames: {frames.GetProperty("longFrames").GetInt32()}");
    Console.WriteLine($"JS heap used: {frames.GetProperty("heapMb").GetDouble():F0} MB; DOM nodes: {frames.GetProperty("nodes").GetInt32()}");
    var holds = await page.EvaluateAsync<int>("+document.querySelector('[data-loaded]').dataset.loaded");
    Console.WriteLine($"board holds {holds:N0} alerts after streaming ({holds - loadedRows:N0} of the {sent:N0} streamed arrived)");
    var rendered = await page.EvaluateAsync<int>("document.querySelectorAll('[data-alert-id]').length");
    Console.WriteLine($"alert rows in the DOM (virtualised): {rendered}");
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    try { data.Delete(recursive: true); } catch (IOException) { }
}

static string Record(string customer) =>
    $$$"""{"id":"{{{customer}}}","tenant":"bench","timestamp":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}","amount":12500,"currency":"USD","channel":"cash","originator":{"account":"A-{{{customer}}}","name":"N","country":"US","customerId":"{{{customer}}}"}}""";

static async Task PostRecords(HttpClient http, IEnumerable<string> records)
{
    using var content = new StringContent(string.Join('\n', records), Encoding.UTF8, "application/x-ndjson");
    for (var attempt = 0; ; attempt++)
    {
        var response = await http.PostAsync("/v1/records", content);
        if ((int)response.StatusCode == 429 && attempt < 50) { await Task.Delay(200); continue; }
        response.EnsureSuccessStatusCode();
        return;
    }
}

static async Task Post(HttpClient http, string path, string json)
{
    var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
    response.EnsureSuccessStatusCode();
}

static async Task WaitForAlerts(HttpClient http, int count)
{
    for (var i = 0; i < 1200; i++)
    {
        var json = await http.GetStringAsync($"/v1/board/alerts?tenant=bench&pageSize=1");
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.TryGetProperty("total", out var total) && total.GetInt32() >= count)
            return;
        var page = await http.GetStringAsync($"/v1/alerts?tenant=bench&recordId=seed-{count - 1}");
        if (page.Contains("seed-"))
            return;
        await Task.Delay(250);
    }
    throw new TimeoutException("the seeded alerts did not all appear");
}

static async Task WaitReady(HttpClient http)
{
    for (var i = 0; i < 1200; i++)
    {
        try { if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
        await Task.Delay(100);
    }
    throw new TimeoutException("host not ready");
}

static int FreePort()
{
    using var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
    l.Start();
    return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
}

sealed record BenchOptions(int Alerts, int Rate, int Seconds)
{
    public static BenchOptions Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        }
        return new BenchOptions(Get("--alerts", 50_000), Get("--rate", 100), Get("--seconds", 10));
    }
}

/// <summary>Installed before the board's scripts: marks the first alert row, and records frames on demand.</summary>
static class FrameProbe
{
    public const string Script = """
        (() => {
          const b = window.__bench = { firstAlertAt: null, allLoadedAt: null, deltas: [], longTasks: 0, longTaskMs: 0, longFrames: 0, on: false };
          new MutationObserver(() => {
            if (b.firstAlertAt === null && document.querySelector('[data-alert-id]')) { b.firstAlertAt = performance.now(); }
            const s = b.allLoadedAt === null && document.querySelector('[data-loaded]');
            if (s && s.dataset.loading === 'false' && +s.dataset.loaded > 0) { b.allLoadedAt = performance.now(); }
          }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-loading', 'data-loaded'] });
          try { new PerformanceObserver(l => { if (!b.on) return; for (const e of l.getEntries()) { b.longTasks++; b.longTaskMs += e.duration; } }).observe({ type: 'longtask', buffered: false }); } catch {}
          try { new PerformanceObserver(l => { if (b.on) b.longFrames += l.getEntries().length; }).observe({ type: 'long-animation-frame', buffered: false }); } catch {}
          let last = 0, started = 0;
          const tick = t => { if (!b.on) return; if (last) b.deltas.push(t - last); last = t; requestAnimationFrame(tick); };
          b.startFrames = () => { b.deltas = []; b.longTasks = 0; b.longTaskMs = 0; b.longFrames = 0; b.on = true; last = 0; started = performance.now(); requestAnimationFrame(tick); };
          b.stopFrames = () => { b.on = false; return { deltas: b.deltas, ms: performance.now() - started, longTasks: b.longTasks, longTaskMs: b.longTaskMs, longFrames: b.longFrames,
            heapMb: (performance.memory?.usedJSHeapSize || 0) / 1048576, nodes: document.getElementsByTagName('*').length }; };
        })();
        """;
}
