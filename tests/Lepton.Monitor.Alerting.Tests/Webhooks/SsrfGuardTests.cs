using System.Net;
using Lepton.Monitor.Alerting.Webhooks;

namespace Lepton.Monitor.Alerting.Tests.Webhooks;

public sealed class SsrfGuardTests
{
    [Theory]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.254", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.8.9.10", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.255", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("fc00::1", "private")]
    [InlineData("fd12:3456::1", "private")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    public void Non_public_addresses_are_refused(string address, string category)
    {
        var ip = IPAddress.Parse(address);
        Assert.Equal(category, SsrfGuard.Classify(ip));
        Assert.False(new SsrfGuard().Allows(ip));
        Assert.True(new SsrfGuard(allowPrivateNetworks: true).Allows(ip));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    public void Public_addresses_are_allowed(string address)
    {
        Assert.Null(SsrfGuard.Classify(IPAddress.Parse(address)));
        Assert.True(new SsrfGuard().Allows(IPAddress.Parse(address)));
    }

    [Fact]
    public void Allowed_addresses_open_exactly_those_addresses()
    {
        var guard = new SsrfGuard(allowedAddresses: [IPAddress.Parse("127.0.0.2")]);
        Assert.True(guard.Allows(IPAddress.Parse("127.0.0.2")));
        Assert.True(guard.Allows(IPAddress.Parse("::ffff:127.0.0.2")));
        Assert.False(guard.Allows(IPAddress.Parse("127.0.0.1")));
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook", "loopback")]
    [InlineData("https://10.0.0.5/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://[::1]:8080/hook", "loopback")]
    [InlineData("ftp://example.com/hook", "absolute http or https")]
    [InlineData("/relative", "absolute http or https")]
    [InlineData("https://user:pw@example.com/hook", "credentials")]
    public void Subscription_urls_are_checked_at_creation(string url, string reason) =>
        Assert.Contains(reason, WebhookUrl.Validate(url, new SsrfGuard()));

    [Fact]
    public void A_public_url_or_a_name_passes_creation() // names are checked again on the address connected to
    {
        Assert.Null(WebhookUrl.Validate("https://hooks.example.com/lepton", new SsrfGuard()));
        Assert.Null(WebhookUrl.Validate("http://8.8.8.8/hook", new SsrfGuard()));
    }
}
