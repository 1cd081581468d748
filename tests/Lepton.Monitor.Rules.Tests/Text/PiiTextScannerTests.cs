namespace Lepton.Monitor.Rules.Tests.Text;

public sealed class PiiTextScannerTests
{
    [Theory]
    [InlineData("4111111111111111", PiiKinds.CardNumber)]
    [InlineData("pay 4111 1111 1111 1111 now", PiiKinds.CardNumber)]
    [InlineData("pay 4111-1111-1111-1111.", PiiKinds.CardNumber)]
    [InlineData("amex 378282246310005", PiiKinds.CardNumber)] // 15 digits
    [InlineData("4222222222222", PiiKinds.CardNumber)] // 13 digits, Luhn-valid
    [InlineData("card 4111 1111 1111 1111 2027", PiiKinds.CardNumber)] // followed by a year
    [InlineData("DE89370400440532013000", PiiKinds.Iban)]
    [InlineData("to DE89 3704 0044 0532 0130 00 EUR", PiiKinds.Iban)]
    [InlineData("GB82 WEST 1234 5698 7654 32", PiiKinds.Iban)]
    [InlineData("ssn 123-45-6789", PiiKinds.Ssn)]
    [InlineData("mail jane.doe+x@example.co.uk.", PiiKinds.Email)]
    [InlineData("4111111111111111 and a@b.io", PiiKinds.CardNumber | PiiKinds.Email)]
    public void Finds_pii(string text, PiiKinds expected)
    {
        Assert.Equal(expected, PiiTextScanner.Scan(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("invoice 12345")]
    [InlineData("4111111111111112")] // Luhn fails
    [InlineData("411111111111")] // 12 digits
    [InlineData("41111111111111111111")] // 20 digits
    [InlineData("ref A4111111111111111")] // glued to a letter
    [InlineData("DE89370400440532013001")] // mod-97 fails
    [InlineData("de89370400440532013000")] // lower case: not an IBAN as printed
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("900-12-3456")]
    [InlineData("123-00-6789")]
    [InlineData("123-45-0000")]
    [InlineData("1-123-45-6789")] // tail of a longer dashed number
    [InlineData("123-45-67890")]
    [InlineData("user@localhost")]
    [InlineData("a@b.c")]
    [InlineData("@example.com")]
    [InlineData("[masked:card-number]")]
    public void Leaves_lookalikes_alone(string text)
    {
        Assert.Equal(PiiKinds.None, PiiTextScanner.Scan(text));
    }

    [Fact]
    public void Masks_each_match_with_its_kind_and_keeps_the_rest()
    {
        var masked = PiiTextScanner.Mask("pay 4111 1111 1111 1111 ref jane@example.com, iban DE89370400440532013000 ssn 123-45-6789");

        Assert.Equal("pay [masked:card-number] ref [masked:email], iban [masked:iban] ssn [masked:ssn]", masked);
    }

    [Fact]
    public void Mask_returns_the_same_instance_when_there_is_nothing_to_mask()
    {
        const string text = "invoice 12345";

        Assert.Same(text, PiiTextScanner.Mask(text));
    }

    [Fact]
    public void Mask_handles_more_matches_than_fit_on_the_stack()
    {
        var text = string.Join(" ", Enumerable.Repeat("a@b.io", 40));

        var masked = PiiTextScanner.Mask(text);

        Assert.Equal(string.Join(" ", Enumerable.Repeat("[masked:email]", 40)), masked);
    }

    [Fact]
    public void Markers_left_by_ingest_are_recognised()
    {
        Assert.Equal(PiiKinds.CardNumber | PiiKinds.Email, PiiTextScanner.FindMarkers("pay [masked:card-number] ref [masked:email]"));
        Assert.Equal(PiiKinds.None, PiiTextScanner.FindMarkers("[masked:nothing] [masked:"));
    }

    [Fact]
    public void FindAll_reports_positions_not_values()
    {
        Span<PiiMatch> matches = stackalloc PiiMatch[4];

        var count = PiiTextScanner.FindAll("x 4111111111111111 y", matches);

        Assert.Equal(1, count);
        Assert.Equal(new PiiMatch(2, 16, PiiKinds.CardNumber), matches[0]);
    }

    [Fact]
    public void Scanning_allocates_nothing()
    {
        const string text = "invoice 12345 to DE89 3704 0044 0532 0130 00 and 4111 1111 1111 1111 by jane@example.com";
        PiiTextScanner.Scan(text);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            PiiTextScanner.Scan(text);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Kind_names_are_stable()
    {
        Assert.Equal("card-number, iban, ssn, email", PiiKindNames.List(PiiKinds.All));
        Assert.Equal("[masked:iban]", PiiTextScanner.MarkerOf(PiiKinds.Iban));
    }
}
