using System.Security.Cryptography;
using Lepton.Monitor.Compliance.Filings;
using Lepton.Monitor.Compliance.Filings.Fill;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Tests.Support;

namespace Lepton.Monitor.Compliance.Tests.Filings;

public sealed class ReportFillTests : IDisposable
{
    private const string RawCustomer = "CUST-RAW-4711";
    private readonly TempFolder _folder = new();
    private readonly byte[] _master = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _folder.Dispose();

    private const string Kyc = """
        customer_id,first_name,last_name,birth_date,id_type,id_number,street,city,state,zip,country
        CUST-RAW-4711,Jane,Doe,1980-10-25,ssn,123456789,"5 Elm Street, Apt 2",Springfield,IL,62704,US
        CUST-OTHER,John,Roe,1975-01-02,passport,X123,1 Way,Springfield,IL,62704,US
        """;

    /// <summary>A draft whose subject is the token ingest makes of <see cref="RawCustomer"/> under this master key.</summary>
    private ReportDraft DraftFor(ReportType type)
    {
        using var pseudonymizer = new Pseudonymizer(PseudonymizerRegistry.DeriveTenantKey(_master, "acme"), "acme");
        var subject = pseudonymizer.Token(RawCustomer);
        var transactions = Samples.Structuring().Select(t => t with { From = t.From! with { Customer = subject } }).ToArray();
        var draft = Samples.Draft(type, transactions);
        return draft with { Content = draft.Content with { Subjects = [new ReportParty(subject, ["p_account00000000000000"], "US")] } };
    }

    [Fact]
    public void The_kyc_csv_reads_quoted_fields_and_refuses_unknown_columns_and_duplicates_by_line()
    {
        var rows = KycCsv.Read(new StringReader(Kyc));
        Assert.Equal("5 Elm Street, Apt 2", rows[RawCustomer].Street);
        Assert.Equal("1980-10-25", rows[RawCustomer].BirthDate);

        Assert.Contains("unknown column 'shoe_size'", Assert.Throws<FormatException>(() => KycCsv.Read(new StringReader("customer_id,shoe_size\n1,42"))).Message);
        Assert.StartsWith("line 3:", Assert.Throws<FormatException>(() => KycCsv.Read(new StringReader("customer_id,last_name\n1,A\n1,B"))).Message);
        Assert.StartsWith("line 2:", Assert.Throws<FormatException>(() => KycCsv.Read(new StringReader("customer_id,birth_date\n1,25.10.1980"))).Message);
        Assert.Contains("no customer_id", Assert.Throws<FormatException>(() => KycCsv.Read(new StringReader("id,last_name\n1,A"))).Message);
    }

    [Fact]
    public void Subjects_are_joined_by_the_pseudonym_of_the_raw_customer_id()
    {
        var draft = DraftFor(ReportType.FincenSar);
        using var pseudonymizer = new Pseudonymizer(PseudonymizerRegistry.DeriveTenantKey(_master, "acme"), "acme");

        var result = ReportFiller.Fill(draft, KycCsv.Read(new StringReader(Kyc)), pseudonymizer);

        Assert.Equal(1, result.Filled);
        Assert.Empty(result.Unmatched);
        Assert.Equal(1, result.UnusedRows);
        Assert.Equal("Doe", result.Draft.Content.Subjects[0].Identity!.LastName);
        Assert.Null(draft.Content.Subjects[0].Identity);
    }

    [Fact]
    public void Another_tenants_key_joins_nothing()
    {
        using var other = new Pseudonymizer(PseudonymizerRegistry.DeriveTenantKey(_master, "globex"), "globex");
        Assert.Throws<ArgumentException>(() => ReportFiller.Fill(DraftFor(ReportType.FincenSar), KycCsv.Read(new StringReader(Kyc)), other));

        using var wrongKey = new Pseudonymizer(RandomNumberGenerator.GetBytes(32), "acme");
        var result = ReportFiller.Fill(DraftFor(ReportType.FincenSar), KycCsv.Read(new StringReader(Kyc)), wrongKey);
        Assert.Equal(0, result.Filled);
        Assert.Single(result.Unmatched);
    }

    [Theory]
    [InlineData(ReportType.FincenSar, "<RawEntityIndividualLastName>Doe</RawEntityIndividualLastName>")]
    [InlineData(ReportType.GoamlStr, "<last_name>Doe</last_name>")]
    public async Task The_fill_command_writes_a_valid_named_report_from_the_exported_draft_and_the_key_file(ReportType type, string named)
    {
        var paths = await WriteInputsAsync(type);
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await ReportFillCommand.RunAsync(new(paths.Draft, paths.Kyc, paths.Output, paths.KeyFile, null, false), stdout, stderr);

        Assert.True(exit == ReportFillCommand.Ok, stderr.ToString());
        var xml = await File.ReadAllTextAsync(paths.Output);
        Assert.Contains(named, xml, StringComparison.Ordinal);
        Assert.DoesNotContain("p_", xml.Split("transactionnumber")[0].Split("<Party")[^1], StringComparison.Ordinal);
        Assert.Contains("1 of 1 subject(s) filled, 1 KYC row(s) matched no subject", stdout.ToString(), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.Output));
    }

    [Fact]
    public async Task Without_the_products_key_the_command_refuses_and_writes_nothing()
    {
        var paths = await WriteInputsAsync(ReportType.FincenSar);
        var stderr = new StringWriter();

        var missing = await ReportFillCommand.RunAsync(new(paths.Draft, paths.Kyc, paths.Output, paths.KeyFile + ".missing", null, false), TextWriter.Null, stderr);
        var wrong = await ReportFillCommand.RunAsync(new(paths.Draft, paths.Kyc, paths.Output, null, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), false), TextWriter.Null, stderr);

        Assert.Equal(ReportFillCommand.Usage, missing);
        Assert.False(File.Exists(paths.KeyFile + ".missing"));
        Assert.Equal(ReportFillCommand.Invalid, wrong);
        Assert.Contains("no KYC row pseudonymizes to subject", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(paths.Output));
    }

    private async Task<(string Draft, string Kyc, string Output, string KeyFile)> WriteInputsAsync(ReportType type)
    {
        var keyFile = Path.Combine(_folder.Path, "pseudonym.key");
        OwnerOnlyFile.WriteNew(keyFile, Convert.ToBase64String(_master) + "\n");
        var draft = Path.Combine(_folder.Path, "draft.json");
        await File.WriteAllTextAsync(draft, ReportJson.Serialize(DraftFor(type)));
        var kyc = Path.Combine(_folder.Path, "kyc.csv");
        await File.WriteAllTextAsync(kyc, Kyc);
        return (draft, kyc, Path.Combine(_folder.Path, "out", "report.xml"), keyFile);
    }
}
