using System.Net;
using Lepton.Monitor.Alerting.Webhooks;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

/// <summary>One attempt over real HTTP on loopback: headers, signature, and the SSRF rule on the address really connected to.</summary>
public sealed class WebhookTransmitterTests
{
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static DueDelivery Delivery(Uri url) =>
        new("msg_TEST0000000000000000000001", "sub-1", "acme", url.ToString(), AlertEventTypes.Raised, DateTimeOffset.UtcNow,
            """{"type":"alert.raised","timestamp":"2026-12-03T12:00:00.000Z","data":{"id":"al-1"}}""", 0,
            new WebhookSigningSecrets(Secret, null, null), null);

    private static WebhookTransmitter Transmitter(SsrfGuard guard) =>
        new(WebhookHttpClientFactory.Create(guard), new WebhookOptions { Timeout = TimeSpan.FromSeconds(10) });

    private static Func<Microsoft.AspNetCore.Http.HttpContext, ReceivedWebhook, int, Task> Answer(int status, string? location = null) => (http, _, _) =>
    {
        http.Response.StatusCode = status;
        if (location is not null)
            http.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    [Fact]
    public async Task Sends_the_standard_webhooks_headers_and_a_valid_signature()
    {
        await using var receiver = await TestReceiver.StartAsync(Answer(204));
        var now = DateTimeOffset.UtcNow;
        var delivery = Delivery(receiver.BaseAddress);

        var response = await Transmitter(new SsrfGuard(allowPrivateNetworks: true)).SendAsync(delivery, now, CancellationToken.None);

        Assert.Equal(204, response.StatusCode);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(delivery.Id, received.Id);
        Assert.Equal(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
        Assert.Equal(delivery.Body, received.Body);
        Assert.Equal(WebhookSigner.Sign(Secret, received.Id!, long.Parse(received.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), received.Body), received.Signature);
    }

    [Fact]
    public async Task A_literal_loopback_address_is_refused_and_nothing_is_sent()
    {
        await using var receiver = await TestReceiver.StartAsync(Answer(200));

        var response = await Transmitter(new SsrfGuard()).SendAsync(Delivery(receiver.BaseAddress), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.True(response.Permanent);
        Assert.Null(response.StatusCode);
        Assert.Contains("loopback", response.Error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_at_connect_time()
    {
        await using var receiver = await TestReceiver.StartAsync(Answer(200));
        var byName = new UriBuilder(receiver.BaseAddress) { Host = "localhost" }.Uri;
        Assert.Null(WebhookUrl.Validate(byName.ToString(), new SsrfGuard())); // a name passes creation...

        var response = await Transmitter(new SsrfGuard()).SendAsync(Delivery(byName), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.True(response.Permanent); // ...and is refused on the address it resolves to
        Assert.Contains("localhost resolves to", response.Error);
        Assert.Contains("loopback", response.Error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_redirect_from_an_allowed_receiver_to_loopback_is_refused()
    {
        await using var inside = await TestReceiver.StartAsync(IPAddress.Loopback, Answer(200));
        await using var allowed = await TestReceiver.StartAsync(Second, Answer(307, inside.BaseAddress + "stolen"));

        var guard = new SsrfGuard(allowedAddresses: [Second]);
        var response = await Transmitter(guard).SendAsync(Delivery(allowed.BaseAddress), DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Single(allowed.Received);
        Assert.Empty(inside.Received);
        Assert.True(response.Permanent);
        Assert.Contains("127.0.0.1", response.Error);
    }

    [Fact]
    public async Task Permanent_redirects_are_followed_with_the_same_post_and_headers()
    {
        await using var target = await TestReceiver.StartAsync(IPAddress.Loopback, Answer(200));
        await using var first = await TestReceiver.StartAsync(Second, Answer(308, target.BaseAddress + "moved"));
        var delivery = Delivery(first.BaseAddress);

        var response = await Transmitter(new SsrfGuard(allowPrivateNetworks: true)).SendAsync(delivery, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal(200, response.StatusCode);
        var moved = Assert.Single(target.Received);
        Assert.Equal("/moved", moved.Path);
        Assert.Equal(delivery.Body, moved.Body);
        Assert.Equal(first.Received.Single().Signature, moved.Signature);
    }

    [Fact]
    public async Task Other_redirects_and_redirect_loops_fail_the_attempt()
    {
        await using var target = await TestReceiver.StartAsync(IPAddress.Loopback, Answer(200));
        await using var found = await TestReceiver.StartAsync(Second, Answer(302, target.BaseAddress.ToString()));
        var guard = new SsrfGuard(allowPrivateNetworks: true);

        var response = await Transmitter(guard).SendAsync(Delivery(found.BaseAddress), DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(302, response.StatusCode);
        Assert.False(response.Succeeded);
        Assert.Contains("not followed", response.Error);
        Assert.Empty(target.Received);

        TestReceiver? loop = null;
        loop = await TestReceiver.StartAsync(Second, (http, _, _) =>
        {
            http.Response.StatusCode = 307;
            http.Response.Headers.Location = loop!.BaseAddress.ToString();
            return Task.CompletedTask;
        });
        await using (loop)
        {
            var looping = await Transmitter(guard).SendAsync(Delivery(loop.BaseAddress), DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Contains("more than 3 redirects", looping.Error);
            Assert.Equal(4, loop.Received.Count);
        }
    }
}
