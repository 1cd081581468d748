using Lepton.Monitor.Dashboard.Auth.Oidc;

namespace Lepton.Monitor.Dashboard.Tests.Oidc;

public sealed class LocalReturnUrlTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/alerts/a-1?x=1", "/alerts/a-1?x=1")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/ok\r\nSet-Cookie: x", "/")]
    [InlineData("/a\\b", "/")]
    public void Only_a_path_on_this_site_is_kept(string? url, string expected) => Assert.Equal(expected, LocalReturnUrl.OrRoot(url));
}
