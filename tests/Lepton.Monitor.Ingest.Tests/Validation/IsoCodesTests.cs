namespace Lepton.Monitor.Ingest.Tests;

public class IsoCodesTests
{
    [Fact]
    public void Country_list_is_complete()
    {
        // 249 officially assigned codes plus XK (Kosovo).
        Assert.Equal(250, IsoCodes.Countries.Count);
        Assert.All(IsoCodes.Countries, c => Assert.Matches("^[A-Z]{2}$", c));
        Assert.True(IsoCodes.IsCountry("AX"));
        Assert.True(IsoCodes.IsCountry("SS"));
        Assert.False(IsoCodes.IsCountry("UK")); // GB is the code
        Assert.False(IsoCodes.IsCountry("de"));
    }

    [Fact]
    public void Eu_has_27_member_states_all_of_them_countries()
    {
        Assert.Equal(27, IsoCodes.EuMemberStates.Count);
        Assert.Subset(IsoCodes.Countries.ToHashSet(), IsoCodes.EuMemberStates.ToHashSet());
        Assert.True(IsoCodes.IsEuMember("HR"));
        Assert.False(IsoCodes.IsEuMember("GB"));
        Assert.False(IsoCodes.IsEuMember("NO"));
    }

    [Fact]
    public void Currency_list_holds_payment_currencies_and_not_placeholders()
    {
        Assert.True(IsoCodes.Currencies.Count > 150);
        Assert.All(IsoCodes.Currencies, c => Assert.Matches("^[A-Z]{3}$", c));
        foreach (var code in new[] { "USD", "EUR", "GBP", "SGD", "CHF", "JPY", "CAD", "AUD", "XOF", "ZWG", "VES", "SLE" })
            Assert.True(IsoCodes.IsCurrency(code), code);
        foreach (var code in new[] { "XXX", "XTS", "XAU", "XDR", "HRK", "VEF", "ZWL", "usd" })
            Assert.False(IsoCodes.IsCurrency(code), code);
    }

    [Fact]
    public void Regions_accept_countries_and_jurisdiction_codes()
    {
        Assert.True(JurisdictionCodes.IsRegion("EU"));
        Assert.True(JurisdictionCodes.IsRegion("EEA"));
        Assert.True(JurisdictionCodes.IsRegion("GLOBAL"));
        Assert.True(JurisdictionCodes.IsRegion("BR"));
        Assert.False(JurisdictionCodes.IsRegion("APAC"));
        Assert.False(JurisdictionCodes.IsRegion(null));
    }
}
