using Lepton.Monitor.Alerting.Webhooks;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks test vector (shared/reference/standard-webhooks.md).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";

    [Fact]
    public void Signs_the_standard_webhooks_vector_exactly() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSigner.Sign(Secret, Id, Timestamp, Body));

    [Fact]
    public void A_changed_body_id_or_timestamp_changes_the_signature()
    {
        var expected = WebhookSigner.Sign(Secret, Id, Timestamp, Body);
        Assert.NotEqual(expected, WebhookSigner.Sign(Secret, Id, Timestamp, """{"test": 2432232315}"""));
        Assert.NotEqual(expected, WebhookSigner.Sign(Secret, "msg_other", Timestamp, Body));
        Assert.NotEqual(expected, WebhookSigner.Sign(Secret, Id, Timestamp + 1, Body));
    }

    [Fact]
    public void During_a_rotation_both_signatures_are_sent_space_separated()
    {
        var next = WebhookSecret.New();
        var header = WebhookSigner.Sign([next, Secret], Id, Timestamp, Body);

        var signatures = header.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.Equal(WebhookSigner.Sign(next, Id, Timestamp, Body), signatures[0]);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signatures[1]);
    }

    [Fact]
    public void New_secrets_are_whsec_and_32_random_bytes()
    {
        var a = WebhookSecret.New();
        var b = WebhookSecret.New();
        Assert.StartsWith("whsec_", a);
        Assert.Equal(32, WebhookSigner.KeyOf(a).Length);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void The_previous_secret_signs_only_until_its_overlap_ends()
    {
        var until = DateTimeOffset.Parse("2026-12-03T12:00:00Z");
        var secrets = new Storage.WebhookSigningSecrets("whsec_bmV3", "whsec_b2xk", until);
        Assert.Equal(["whsec_bmV3", "whsec_b2xk"], secrets.ValidAt(until.AddSeconds(-1)));
        Assert.Equal(["whsec_bmV3"], secrets.ValidAt(until));
    }
}
