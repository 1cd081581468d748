using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Lepton.Monitor.Dashboard.Tests.Browser;

/// <summary>
/// The real all-in-one host on a loopback port for one test collection, and fresh Chromium pages on it. Every page
/// is guarded: a request to any host other than the app fails the test (no CDN, no telemetry, nothing leaves).
/// </summary>
public class BoardHost : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly ConcurrentQueue<IBrowserContext> _contexts = new();
    private int _tenants;

    public LeptonTestHost Host { get; private set; } = null!;
    public string BaseUrl => Host.BaseAddress.ToString().TrimEnd('/');

    /// <summary>Extra host arguments (e.g. a short SLA) a derived fixture sets.</summary>
    protected virtual string[] HostArgs => [];

    public async Task InitializeAsync() => Host = await LeptonTestHost.StartAsync(_data.Path, HostArgs);

    public async Task DisposeAsync()
    {
        while (_contexts.TryDequeue(out var context))
            await context.CloseAsync();
        await Host.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A fresh tenant (US, EU) for one test, so tests sharing the host never see each other's alerts.</summary>
    public async Task<string> NewTenantAsync(string prefix = "board")
    {
        var tenant = $"{prefix}-t{Interlocked.Increment(ref _tenants)}";
        await Host.Admin.CreateTenantAsync(tenant, "US", "EU");
        return tenant;
    }

    public Task<string> NewKeyAsync(string role, string? tenant) => Host.Admin.CreateKeyAsync(role, tenant);

    /// <summary>A new browser context and page on the board, with the foreign-request guard installed.</summary>
    public async Task<BoardPage> NewPageAsync(int width = 1440, int height = 900)
    {
        var browser = await SharedBrowser.GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        _contexts.Enqueue(context);
        var page = await context.NewPageAsync();
        var board = new BoardPage(page, Host.BaseAddress);
        await context.RouteAsync("**/*", board.GuardAsync);
        page.Console += (_, message) => board.Console.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => board.Errors.Enqueue(error);
        return board;
    }

    /// <summary>Posts one US cash transaction of 12,500 USD (us-cash-ctr alerts at ≥ 10,000) and returns its alert.</summary>
    public async Task<JsonObject> RaiseCashAlertAsync(string tenant, string customer, decimal amount = 12500, HttpClient? ingest = null)
    {
        var id = $"{tenant}-{customer}-{Guid.NewGuid():N}";
        var record = $$$"""{"id":"{{{id}}}","tenant":"{{{tenant}}}","timestamp":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}","amount":{{{amount}}},"currency":"USD","channel":"cash","originator":{"account":"A-{{{customer}}}","name":"N","country":"US","customerId":"{{{customer}}}"}}""";
        var (status, body) = await (ingest ?? Host.Admin).PostRecordsAsync(record);
        Assert.True(status == HttpStatusCode.Accepted && body["accepted"]!.GetValue<int>() == 1, body.ToJson());
        await Host.WaitForIdleAsync();
        return Assert.Single(await Host.Admin.GetAllAsync($"/v1/alerts?tenant={tenant}&recordId={id}"));
    }

    /// <summary>Where the browser tests leave screenshots: artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lepton.Monitor.sln")))
            dir = dir.Parent;
        var folder = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
