namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class AlertFingerprintTests
{
    private static readonly string Base = AlertFingerprint.Compute("acme", "US", "us-cash-ctr", "cust-1");

    [Fact]
    public void Fingerprint_is_32_lower_case_hex_characters_and_stable()
    {
        Assert.Matches("^[0-9a-f]{32}$", Base);
        Assert.Equal(Base, AlertFingerprint.Compute("acme", "US", "us-cash-ctr", "cust-1"));
    }

    [Fact]
    public void Fingerprint_encoding_is_pinned_because_open_alerts_are_stored_under_it()
    {
        // SHA-256 over the length-prefixed fields, computed independently (Python). If this fails the encoding
        // changed, and every alert open under the old fingerprint would be split in two.
        Assert.Equal(Expected, Base);
    }

    [Theory]
    [InlineData("other", "US", "us-cash-ctr", "cust-1", null)]
    [InlineData("acme", "EU", "us-cash-ctr", "cust-1", null)]
    [InlineData("acme", "US", "us-model-risk", "cust-1", null)]
    [InlineData("acme", "US", "us-cash-ctr", "cust-2", null)]
    [InlineData("acme", "US", "us-cash-ctr", "cust-1", "IR")]
    public void Any_differing_field_gives_a_different_fingerprint(string tenant, string jurisdiction, string rule, string entity, string? qualifier)
    {
        Assert.NotEqual(Base, AlertFingerprint.Compute(tenant, jurisdiction, rule, entity, qualifier));
    }

    [Fact]
    public void Field_boundaries_cannot_be_forged_by_field_content()
    {
        Assert.NotEqual(
            AlertFingerprint.Compute("acme", "US", "r", "a|IR"),
            AlertFingerprint.Compute("acme", "US", "r", "a", "IR"));
        Assert.NotEqual(
            AlertFingerprint.Compute("acme", "US", "r", "ab"),
            AlertFingerprint.Compute("acme", "US", "ra", "b"));
    }

    [Fact]
    public void Long_entity_beyond_the_stack_buffer_hashes_consistently()
    {
        var entity = new string('x', 2000);

        var first = AlertFingerprint.Compute("acme", "US", "r", entity);

        Assert.Equal(first, AlertFingerprint.Compute("acme", "US", "r", entity));
        Assert.NotEqual(first, AlertFingerprint.Compute("acme", "US", "r", entity + "y"));
    }

    private const string Expected = "def845962843231479737afe5bc7e9bb";
}
