using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// A webhook receiver on loopback for the bench: answers 204 on <c>/hook/{n}</c> and records, per delivery, the time
/// from the alert's change (its <c>updatedAt</c>, set in the transaction that made it durable) to receipt.
/// </summary>
public sealed class WebhookBenchReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private ConcurrentQueue<(string Tenant, double Ms)> _latencies = new();
    private long _received;
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);
    private long _repeated;

    private WebhookBenchReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Deliveries whose <c>webhook-id</c> had arrived before (a retry after a lost answer, or a bug).</summary>
    public long Repeated => Interlocked.Read(ref _repeated);

    public static async Task<WebhookBenchReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookBenchReceiver(app);
        app.MapPost("/hook/{n:int}", async (HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var now = DateTimeOffset.UtcNow;
            if (body.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("updatedAt", out var updatedAt)
                && data.TryGetProperty("tenant", out var tenant))
                receiver._latencies.Enqueue((tenant.GetString() ?? "", (now - updatedAt.GetDateTimeOffset()).TotalMilliseconds));
            if (!receiver._ids.TryAdd(request.Headers["webhook-id"].ToString() + "/" + request.RouteValues["n"], 0))
                Interlocked.Increment(ref receiver._repeated);
            Interlocked.Increment(ref receiver._received);
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>The latencies of one tenant's deliveries since the last call, sorted.</summary>
    public double[] TakeLatencies(string tenant)
    {
        var taken = Interlocked.Exchange(ref _latencies, new ConcurrentQueue<(string Tenant, double Ms)>());
        var values = taken.Where(l => l.Tenant == tenant).Select(l => l.Ms).ToArray();
        Array.Sort(values);
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
