using System.Security.Cryptography;
using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>`lepton report fill` on the command line: options read, the work done by the compliance library's command.</summary>
public sealed class ReportVerbTests
{
    [Fact]
    public async Task Report_fill_writes_the_named_report_and_refuses_missing_options()
    {
        using var dir = new TempFolder();
        var master = RandomNumberGenerator.GetBytes(32);
        var keyFile = Path.Combine(dir.Path, "pseudonym.key");
        OwnerOnlyFile.WriteNew(keyFile, Convert.ToBase64String(master) + "\n");
        string subject;
        using (var pseudonymizer = new Pseudonymizer(PseudonymizerRegistry.DeriveTenantKey(master, "acme"), "acme"))
            subject = pseudonymizer.Token("CUST-1");
        var day = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var draft = new ReportDraft
        {
            Id = "rpt-CLI",
            Tenant = "acme",
            Type = ReportType.FincenSar,
            Author = "k",
            CreatedAt = day,
            UpdatedAt = day,
            AlertIds = ["al-1"],
            Content = new ReportContent
            {
                Narrative = "Structured cash deposits.",
                ActivityFrom = DateOnly.FromDateTime(day.UtcDateTime),
                ActivityTo = DateOnly.FromDateTime(day.UtcDateTime),
                Currency = "USD",
                Classifications = ClassificationTable.SarClassifications(["structuring"]),
                Subjects = [new ReportParty(subject, [], "US")],
                Transactions = [new ReportTransaction("r1", day, 9_500m, "USD", "cash", new ReportTransactionSide(subject, null, "US"), null, ["US"])],
                Filer = new FilingInstitution { Name = "Example Bank", Tin = "123456789", TransmitterControlCode = "TBSATEST", RegulatorCode = "2" },
            },
        };
        var draftFile = Path.Combine(dir.Path, "draft.json");
        await File.WriteAllTextAsync(draftFile, ReportJson.Serialize(draft));
        var kycFile = Path.Combine(dir.Path, "kyc.csv");
        await File.WriteAllTextAsync(kycFile, "customer_id,first_name,last_name\nCUST-1,Jane,Doe\n");
        var output = Path.Combine(dir.Path, "sar.xml");

        var (code, stdout, stderr) = await LeptonCommandLineTests.RunAsync("report", "fill", "--draft", draftFile, "--kyc", kycFile, "--out", output, "--key-file", keyFile);

        Assert.True(code == 0, stderr);
        Assert.Contains("1 of 1 subject(s) filled", stdout);
        Assert.Contains("<RawEntityIndividualLastName>Doe</RawEntityIndividualLastName>", await File.ReadAllTextAsync(output));

        (code, _, stderr) = await LeptonCommandLineTests.RunAsync("report", "fill", "--draft", draftFile, "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("--kyc", stderr);
    }
}
