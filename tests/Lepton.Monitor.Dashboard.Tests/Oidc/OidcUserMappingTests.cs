using System.Security.Claims;
using Lepton.Monitor.Dashboard.Auth;
using Lepton.Monitor.Dashboard.Auth.Oidc;

namespace Lepton.Monitor.Dashboard.Tests.Oidc;

/// <summary>id_token claims → the claims an API key carries, as a plain class.</summary>
public sealed class OidcUserMappingTests
{
    private static ClaimsPrincipal IdToken(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value, c.Value.StartsWith('{') ? "JSON" : ClaimValueTypes.String)), "AuthenticationTypes.Federation"));

    [Fact]
    public void An_analyst_gets_exactly_the_claims_an_API_key_of_that_role_and_tenant_carries()
    {
        var user = new OidcUserMapping(new LeptonOidcOptions()).Map(IdToken(("sub", "s-1"), ("name", "Ana"), ("roles", "analyst"), ("tenant", "acme")));

        var caller = Caller.From(user.Principal!);
        Assert.Equal(new Caller("oidc:s-1", Roles.Analyst, "acme"), caller);
        Assert.Equal("Ana", user.Principal!.FindFirstValue(ClaimTypes.Name));
        Assert.Equal(OidcUserMapping.AuthenticationType, user.Principal!.Identity!.AuthenticationType);
        Assert.True(user.Principal.IsInRole(Roles.Analyst));
        Assert.False(caller.CanAccess("other"));
    }

    [Theory]
    [InlineData("ingest")]   // a machine's role, never a person's on the board
    [InlineData("Admin")]    // values are exact without a RoleMap
    [InlineData("operator")]
    public void Without_a_RoleMap_only_the_board_role_names_themselves_count(string idpRole)
    {
        var user = new OidcUserMapping(new LeptonOidcOptions()).Map(IdToken(("sub", "s"), ("roles", idpRole), ("tenant", "acme")));

        Assert.True(user.Refused);
        Assert.Contains("no Lepton Monitor role", user.Refusal);
    }

    [Fact]
    public void With_a_RoleMap_only_mapped_values_count_and_the_most_privileged_wins()
    {
        var options = new LeptonOidcOptions { RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["Lepton.Reader"] = "integration", ["Lepton.Analyst"] = "analyst" } };
        var mapping = new OidcUserMapping(options);

        Assert.Equal(Roles.Analyst, Caller.From(mapping.Map(IdToken(("sub", "s"), ("roles", "Lepton.Reader"), ("roles", "lepton.analyst"), ("tenant", "t"))).Principal!).Role);
        Assert.True(mapping.Map(IdToken(("sub", "s"), ("roles", "admin"), ("tenant", "t"))).Refused);
    }

    [Fact]
    public void An_approver_outranks_an_analyst_and_still_needs_a_tenant()
    {
        var mapping = new OidcUserMapping(new LeptonOidcOptions());

        var both = mapping.Map(IdToken(("sub", "s"), ("roles", "analyst"), ("roles", "approver"), ("tenant", "acme")));

        Assert.Equal(Roles.Approver, Caller.From(both.Principal!).Role);
        Assert.Contains("needs a tenant", mapping.Map(IdToken(("sub", "s"), ("roles", "approver"))).Refusal);
    }

    [Fact]
    public void Only_an_admin_may_be_unscoped_and_two_tenants_are_refused()
    {
        var mapping = new OidcUserMapping(new LeptonOidcOptions());

        var admin = mapping.Map(IdToken(("sub", "s"), ("roles", "admin")));
        Assert.Equal(new Caller("oidc:s", Roles.Admin, null), Caller.From(admin.Principal!));
        Assert.Contains("needs a tenant", mapping.Map(IdToken(("sub", "s"), ("roles", "integration"))).Refusal);
        Assert.Contains("more than one tenant", mapping.Map(IdToken(("sub", "s"), ("roles", "admin"), ("tenant", "a"), ("tenant", "b"))).Refusal);
        Assert.Contains("subject", mapping.Map(IdToken(("roles", "admin"))).Refusal);
    }

    [Fact]
    public void Configured_claim_names_and_a_dotted_path_into_a_JSON_claim_are_read()
    {
        var options = new LeptonOidcOptions { RoleClaim = "realm_access.roles", TenantClaim = "org", NameClaim = "preferred_username" };

        var user = new OidcUserMapping(options).Map(IdToken(("sub", "kc-1"), ("preferred_username", "ana@soc"), ("org", "acme"),
            ("realm_access", """{"roles":["offline_access","analyst"]}""")));

        Assert.Equal(new Caller("oidc:kc-1", Roles.Analyst, "acme"), Caller.From(user.Principal!));
        Assert.Equal("ana@soc", user.Principal!.FindFirstValue(ClaimTypes.Name));
    }
}
