using Lepton.Monitor.Contracts;
using Lepton.Monitor.Rules.Tests.Support;

namespace Lepton.Monitor.Rules.Tests.Evaluation;

public sealed class CrossBorderDataTransferRuleTests
{
    private static List<AlertCandidate> Run(string jurisdiction, string? subject, string? processing)
    {
        var output = new List<AlertCandidate>();
        var record = TestRecords.Make(50m, channel: PaymentChannel.Card) with { DataSubjectRegion = subject, ProcessingRegion = processing };
        ShippedPacks.Engine(jurisdiction).Evaluate("acme", [record], [], output);
        return output.Where(c => c.RuleKind == RuleKinds.CrossBorderDataTransfer).ToList();
    }

    [Theory]
    [InlineData("EU", "IN", true)]
    [InlineData("EU", "BR", true)]
    [InlineData("DE", "SG", true)]
    [InlineData("EU", "EU", false)]
    [InlineData("EU", "FR", false)] // inside the EEA
    [InlineData("EU", "NO", false)]
    [InlineData("EU", "US", false)] // Data Privacy Framework (certified organisations)
    [InlineData("EU", "JP", false)]
    [InlineData("EU", "GB", false)]
    [InlineData("EU", null, false)] // unknown processing region: not judged
    [InlineData("US", "IN", false)] // subject not protected by the GDPR
    [InlineData(null, "IN", false)]
    public void Eu_data_subject_processed_without_adequacy_alerts(string? subject, string? processing, bool alerts)
    {
        Assert.Equal(alerts, Run("EU", subject, processing).Count == 1);
    }

    [Fact]
    public void Explanation_and_fingerprint_name_the_destination()
    {
        var hit = Assert.Single(Run("EU", "EU", "IN"));

        Assert.StartsWith("data subject in EU (gdprRegions) processed in IN", hit.Explanation.Summary, StringComparison.Ordinal);
        Assert.Equal(AlertFingerprint.Compute("acme", "EU", "eu-data-transfer", "cust-1", "IN"), hit.Fingerprint);
    }

    [Theory]
    [InlineData("GB", "IN", true)]
    [InlineData("GB", "DE", false)]
    [InlineData("GB", "EU", false)]
    [InlineData("GB", "GB", false)]
    [InlineData("GB", "GI", false)]
    [InlineData("EU", "IN", false)] // the GB pack protects UK data subjects
    public void Gb_pack_applies_uk_adequacy(string subject, string processing, bool alerts)
    {
        Assert.Equal(alerts, Run("GB", subject, processing).Count == 1);
    }
}
