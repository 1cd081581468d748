using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>
/// A real HTTP webhook receiver (Kestrel) on a loopback address and a free port. Each request is recorded, then
/// answered by <c>respond</c>, which gets the request and how many earlier requests carried the same webhook-id.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _perId = new();

    private TestReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static Task<TestReceiver> StartAsync(Func<HttpContext, ReceivedWebhook, int, Task> respond) => StartAsync(IPAddress.Loopback, respond);

    public static async Task<TestReceiver> StartAsync(IPAddress address, Func<HttpContext, ReceivedWebhook, int, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, 0));
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            string? Header(string name) => http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
            var received = new ReceivedWebhook(http.Request.Path, Header("webhook-id"), Header("webhook-timestamp"), Header("webhook-signature"), body, DateTimeOffset.UtcNow);
            var earlier = received.Id is null ? 0 : receiver._perId.AddOrUpdate(received.Id, 1, (_, n) => n + 1) - 1;
            receiver._received.Enqueue(received);
            await respond(http, received, earlier);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(bound.Replace("[::]", address.ToString(), StringComparison.Ordinal));
        return receiver;
    }

    /// <summary>Answers <paramref name="failure"/> to the first <paramref name="failures"/> attempts of each webhook-id, then 200.</summary>
    public static Func<HttpContext, ReceivedWebhook, int, Task> FailingFirst(int failures, int failure = 500) => (http, _, earlier) =>
    {
        http.Response.StatusCode = earlier < failures ? failure : 200;
        return Task.CompletedTask;
    };

    /// <summary>Waits until <paramref name="condition"/> holds over what was received; fails the test after <paramref name="patience"/>.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = Received;
            if (condition(received))
                return received;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the receiver got {received.Count} requests, not what the test waited for");
            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
