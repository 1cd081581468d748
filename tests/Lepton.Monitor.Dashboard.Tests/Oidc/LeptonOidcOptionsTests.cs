using Lepton.Monitor.Dashboard.Auth.Oidc;
using Lepton.Monitor.Silo.Hosting;

namespace Lepton.Monitor.Dashboard.Tests.Oidc;

/// <summary>A half-configured sign-in fails at start with the key to fix, not at the first user.</summary>
public sealed class LeptonOidcOptionsTests
{
    [Theory]
    [InlineData("https://idp.example", null, "Lepton:Oidc:ClientId is required")]
    [InlineData(null, "board", "Lepton:Oidc:Authority is required")]
    [InlineData("idp.example", "board", "Lepton:Oidc:Authority must be an absolute")]
    [InlineData("http://idp.example", "board", "Lepton:Oidc:Authority must be https")]
    public void A_missing_or_unusable_setting_is_named(string? authority, string? clientId, string message)
    {
        var options = new LeptonOidcOptions { Authority = authority, ClientId = clientId };

        Assert.True(options.Enabled);
        Assert.StartsWith(message, Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }

    [Fact]
    public void A_RoleMap_target_that_is_no_board_role_is_named()
    {
        var options = new LeptonOidcOptions { Authority = "https://idp.example", ClientId = "board", RoleMap = { ["ops"] = "ingest" } };

        Assert.Contains("Lepton:Oidc:RoleMap:ops must be one of admin, approver, analyst, integration", Assert.Throws<InvalidOperationException>(options.Validate).Message);
    }

    [Fact]
    public void Nothing_set_is_off_and_a_complete_setting_is_valid()
    {
        Assert.False(new LeptonOidcOptions().Enabled);
        var options = new LeptonOidcOptions { Authority = "https://idp.example/realms/soc", ClientId = "board", Scopes = "profile, email openid" };
        options.Validate();
        Assert.Equal(["openid", "profile", "email"], options.ScopeList);
    }

    [Fact]
    public void The_host_does_not_start_with_an_Authority_but_no_ClientId()
    {
        using var data = new TempFolder();

        var error = Assert.Throws<InvalidOperationException>(() => LeptonHost.Build(["--Lepton:DataPath", data.Path, "--Lepton:Oidc:Authority", "https://idp.example"]));

        Assert.Contains("Lepton:Oidc:ClientId", error.Message);
    }
}
