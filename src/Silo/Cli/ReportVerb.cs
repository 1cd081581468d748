using System.CommandLine;
using Lepton.Monitor.Compliance.Filings.Fill;
using PseudonymMasterKey = Lepton.Monitor.Ingest.PseudonymMasterKey;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton report fill`: names a report draft's subjects from the institution's KYC file, offline, where the KYC data
/// lives (docs/reports-regulatory.md). The work is <see cref="ReportFillCommand"/>'s; this only reads the options.
/// </summary>
public sealed class ReportVerb(TextWriter? output = null, TextWriter? error = null) : Verb
{
    private readonly Option<string> _draft = new("--draft") { Description = "the exported draft (the JSON of GET /v1/reports/{id})", HelpName = "FILE", Required = true };
    private readonly Option<string> _kyc = new("--kyc") { Description = "the KYC CSV: customer_id and identity columns", HelpName = "FILE", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "where to write the filled regulator XML (owner-only)", HelpName = "FILE", Required = true };
    private readonly Option<string> _keyFile = new("--key-file") { Description = $"the product's pseudonymization key file (Lepton:Privacy:KeyFile); default: ${PseudonymMasterKey.EnvironmentVariable}", HelpName = "FILE" };
    private readonly Option<bool> _allowUnmatched = new("--allow-unmatched") { Description = "write the report even when a subject has no KYC row" };

    public override string Name => "report";
    public override string Summary => "fill a regulator report draft's subjects from a KYC file, offline (report fill)";

    public override string Details => $"""
        `fill` pseudonymizes each customer_id of --kyc with the draft tenant's key, derived from the product's master key
        exactly as ingest derives it (--key-file, or the {PseudonymMasterKey.EnvironmentVariable} environment variable), joins
        the rows to the draft's subjects by pseudonym and writes the FinCEN or goAML XML to --out, validated as the
        product validates it. It opens no connection to the product: the KYC file and the filled report stay here.
        Exit code 0 written and valid, 1 a subject without a KYC row (nothing written) or validation issues (listed on
        stderr), 2 on bad arguments or files.
        """;

    protected override void Define(Command command)
    {
        var fill = new Command("fill", "fill the draft's subjects from the KYC file and write the regulator XML");
        foreach (var option in new Option[] { _draft, _kyc, _out, _keyFile, _allowUnmatched })
            fill.Options.Add(option);
        fill.SetAction((parse, ct) => ExecuteAsync(parse, ct));
        command.Subcommands.Add(fill);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.CommandResult.Command.Name != "fill")
            throw new ArgumentException("expected 'fill'");
        var keyFile = parse.GetValue(_keyFile);
        var keyBase64 = keyFile is null ? Environment.GetEnvironmentVariable(PseudonymMasterKey.EnvironmentVariable) : null;
        return ReportFillCommand.RunAsync(
            new ReportFillCommand.Options(parse.GetValue(_draft)!, parse.GetValue(_kyc)!, parse.GetValue(_out)!, keyFile, keyBase64, parse.GetValue(_allowUnmatched)),
            output ?? Console.Out, error ?? Console.Error, cancellationToken);
    }
}
