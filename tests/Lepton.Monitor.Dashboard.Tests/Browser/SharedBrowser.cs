using Microsoft.Playwright;

namespace Lepton.Monitor.Dashboard.Tests.Browser;

/// <summary>
/// One headless Chromium for the whole test assembly (Debian's <c>/usr/bin/chromium</c>, driven by Playwright; its own
/// browser download cannot work here). Each test gets a fresh context: its own session storage and cookies.
/// </summary>
public static class SharedBrowser
{
    /// <summary>Where Chromium is; <c>LEPTON_CHROMIUM</c> overrides (e.g. another distribution's path).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("LEPTON_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
                return _browser;
            if (!File.Exists(ExecutablePath))
                throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: apt-get install chromium (or set LEPTON_CHROMIUM)");
            _playwright ??= await Playwright.CreateAsync();
            // A loaded 2-core CI machine is slower than a laptop: web-first assertions wait up to 20 s.
            Assertions.SetDefaultExpectTimeout(20_000);
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                // The machine's network is closed: without the background-networking switches Chromium keeps trying
                // Google's hosts. None of that would reach the app, but it is noise the request guard need not see.
                Args =
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage",
                ],
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }
}
