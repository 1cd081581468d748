using System.Collections.Concurrent;

namespace Lepton.Monitor.Dashboard.Tests.Access;

/// <summary>
/// Every /v1 answer the page received while a test ran (the stream excepted: it never ends), with its body, so a
/// test can say "nothing of tenant B ever reached this browser" about all of them, not only the ones it asked for.
/// </summary>
public sealed class ResponseLog
{
    private readonly ConcurrentQueue<Task<(string Url, int Status, string? Body)>> _answers = new();

    public ResponseLog(IPage page) => page.Response += (_, response) =>
    {
        var path = new Uri(response.Url).AbsolutePath;
        if (path.StartsWith("/v1/", StringComparison.Ordinal) && !path.EndsWith("/stream", StringComparison.Ordinal))
            _answers.Enqueue(ReadAsync(response));
    };

    private static async Task<(string, int, string?)> ReadAsync(IResponse response)
    {
        try
        {
            // Bounded: the body of a fetch the page aborted mid-answer (a snapshot page cancelled when the view
            // unmounts) never completes in Playwright, and waiting for it would hang the test (seen in CI).
            return (response.Url, response.Status, await response.TextAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            // The page navigated on or dropped the request before the body was read: the status still counts.
            return (response.Url, response.Status, null);
        }
    }

    public async Task<(string Url, int Status, string? Body)[]> AllAsync() => await Task.WhenAll(_answers);

    /// <summary>Fails if any successful answer's body holds one of <paramref name="secrets"/> (another tenant's name or alert ids).</summary>
    public async Task AssertNoneContainsAsync(params string[] secrets)
    {
        var answers = await AllAsync();
        Assert.NotEmpty(answers);
        // A refusal may echo what was asked ("alert 'x' not found"): only answers that served something count.
        foreach (var (url, _, body) in answers.Where(r => r.Status < 400))
        {
            foreach (var secret in secrets)
                Assert.False(body?.Contains(secret, StringComparison.Ordinal) == true, $"{url} answered with '{secret}': {body}");
        }
    }
}
