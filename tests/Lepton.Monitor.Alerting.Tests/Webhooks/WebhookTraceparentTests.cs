using System.Collections.Concurrent;
using System.Diagnostics;
using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Storage;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>
/// Every delivery attempt sends one W3C <c>traceparent</c> header: the exported <c>webhook.deliver</c> span's context
/// when spans are recorded (collected here by OpenTelemetry's in-memory exporter), a fresh unsampled one otherwise.
/// </summary>
public sealed class WebhookTraceparentTests
{
    private static DueDelivery Delivery(Uri url, string id) =>
        new(id, "sub-1", "acme", url.ToString(), AlertEventTypes.Raised, DateTimeOffset.UtcNow,
            """{"type":"alert.raised","timestamp":"2026-12-03T12:00:00.000Z","data":{"id":"al-1"}}""", 0,
            new WebhookSigningSecrets("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null, null), null);

    private static WebhookTransmitter Transmitter() =>
        new(WebhookHttpClientFactory.Create(new SsrfGuard(allowPrivateNetworks: true)), new WebhookOptions { Timeout = TimeSpan.FromSeconds(10) });

    /// <summary>A receiver that keeps every traceparent value each request carried.</summary>
    private static async Task<(TestReceiver Receiver, ConcurrentQueue<string[]> Headers)> ReceiverAsync()
    {
        var headers = new ConcurrentQueue<string[]>();
        var receiver = await TestReceiver.StartAsync((http, _, _) =>
        {
            headers.Enqueue(http.Request.Headers["traceparent"].Select(v => v!).ToArray());
            http.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        return (receiver, headers);
    }

    [Fact]
    public async Task A_recorded_attempt_sends_its_exported_span_s_traceparent()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(WebhookTracing.Name).AddInMemoryExporter(exported).Build();
        var (receiver, headers) = await ReceiverAsync();
        await using var _ = receiver;
        var delivery = Delivery(receiver.BaseAddress, "msg_TRACE00000000000000000001");

        var response = await Transmitter().SendAsync(delivery, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(204, response.StatusCode);
        var sent = Assert.Single(Assert.Single(headers));
        tracing.ForceFlush();
        Activity span;
        lock (exported)
            span = Assert.Single(exported, a => (string?)a.GetTagItem("lepton.webhook.delivery") == delivery.Id);
        Assert.Equal(WebhookTracing.DeliverActivityName, span.OperationName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal($"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-01", sent);
        Assert.Equal(204, span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task An_attempt_inside_a_trace_continues_it()
    {
        var exported = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(WebhookTracing.Name, "Lepton.Monitor.Tests.WebhookCaller")
            .AddInMemoryExporter(exported).Build();
        using var caller = new ActivitySource("Lepton.Monitor.Tests.WebhookCaller");
        var (receiver, headers) = await ReceiverAsync();
        await using var _ = receiver;

        using (var parent = caller.StartActivity("sender round")!)
        {
            await Transmitter().SendAsync(Delivery(receiver.BaseAddress, "msg_TRACE00000000000000000002"), DateTimeOffset.UtcNow, CancellationToken.None);
            var sent = Assert.Single(Assert.Single(headers));
            Assert.StartsWith($"00-{parent.TraceId.ToHexString()}-", sent);
            Assert.DoesNotContain(parent.SpanId.ToHexString(), sent); // the attempt's own span, a child of the round
        }
    }

    [Fact]
    public async Task Without_a_recorder_the_header_is_still_sent_unsampled()
    {
        // Nobody in this test listens to the webhook source; another test's provider may, so only the shape is checked
        // when the span was recorded elsewhere.
        var (receiver, headers) = await ReceiverAsync();
        await using var _ = receiver;

        await Transmitter().SendAsync(Delivery(receiver.BaseAddress, "msg_TRACE00000000000000000003"), DateTimeOffset.UtcNow, CancellationToken.None);

        var sent = Assert.Single(Assert.Single(headers));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", sent);
        Assert.True(ActivityContext.TryParse(sent, null, out var context));
        Assert.NotEqual(default, context.TraceId);
    }
}
