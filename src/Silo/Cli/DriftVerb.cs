using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lepton.Monitor.Drift.Monitoring;
using Lepton.Monitor.Drift.Offline;
using Lepton.Monitor.Silo.Cli.Output;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>
/// `lepton drift`: compares a current CSV with a reference CSV column by column; a table, or the report as JSON.
/// `--report DIR` also draws the HTML page: with <paramref name="reportWriter"/> here (lepton-dev), otherwise the whole
/// verb goes to <paramref name="forwardReport"/> (the product executable forwards it to lepton-dev).
/// </summary>
public sealed class DriftVerb(
    TextWriter? output = null,
    TextWriter? error = null,
    IDriftReportWriter? reportWriter = null,
    Func<ParseResult, Task<int>>? forwardReport = null) : Verb
{
    private static readonly OfflineDriftOptions Defaults = new();

    private readonly Option<string> _reference = new("--reference") { Description = "the reference CSV (header row)", HelpName = "REF.csv", Required = true };
    private readonly Option<string> _current = new("--current") { Description = "the current CSV (same columns)", HelpName = "CUR.csv", Required = true };
    private readonly Option<double> _psi = new Option<double>("--psi-threshold") { Description = "a column drifts when PSI ≥ this", HelpName = "X", DefaultValueFactory = _ => Defaults.PsiThreshold }.AtLeast(0);
    private readonly Option<double> _ksP = new Option<double>("--ks-p-value") { Description = "… or KS p < this", HelpName = "P", DefaultValueFactory = _ => Defaults.KsPValueThreshold }.Between(0, 1);
    private readonly Option<int> _ksMin = new Option<int>("--ks-min-records") { Description = "… with at least this many current values", HelpName = "N", DefaultValueFactory = _ => Defaults.KsMinimumRecords }.AtLeast(0);
    private readonly Option<double> _wasserstein = new Option<double>("--wasserstein-threshold") { Description = "… or normalised Wasserstein ≥ this", HelpName = "X", DefaultValueFactory = _ => Defaults.WassersteinNormedThreshold }.AtLeast(0);
    private readonly Option<double> _js = new Option<double>("--js-threshold") { Description = "categorical: Jensen–Shannon ≥ this", HelpName = "X", DefaultValueFactory = _ => Defaults.JensenShannonThreshold }.Between(0, 1);
    private readonly Option<double> _share = new Option<double>("--dataset-share") { Description = "the dataset drifts when this share of columns do", HelpName = "X", DefaultValueFactory = _ => Defaults.DatasetDriftShare }.Between(0, 1);
    private readonly Option<string> _report = new("--report") { Description = "also write a self-contained HTML report (the table, each column's reference and current distributions) into DIR (docs/reports.md)", HelpName = "DIR" };
    private readonly Option<OutputFormat> _output = CommonOptions.Output();

    public override string Name => "drift";
    public override string Summary => "compare a current CSV with a reference CSV: KS, PSI, Wasserstein, Jensen–Shannon, chi-squared per column";

    public override string Details => """
        Both files need a header row; fields are comma-separated and may be double-quoted. A column is numeric when every
        non-empty value in both files parses as a number (invariant culture), otherwise categorical. Numeric columns get
        KS (statistic, asymptotic p-value), PSI over the reference's deciles and Wasserstein (raw and divided by the
        reference's standard deviation); categorical ones PSI, Jensen–Shannon distance (base 2) and chi-squared.
        A column drifts when PSI ≥ --psi-threshold, or KS p < --ks-p-value with at least --ks-min-records current values,
        or normalised Wasserstein ≥ --wasserstein-threshold (Jensen–Shannon ≥ --js-threshold for categorical columns);
        the dataset drifts when at least --dataset-share of the columns do. Prints a table, or with --output json the
        report (docs/cli.md, docs/drift.md). --report DIR also writes DIR/index.html with the table and a chart of each
        column's reference and current distributions (drawn by lepton-dev, which `lepton drift --report` runs).
        Exit code 2 on unreadable input.
        """;

    protected override void Define(Command command)
    {
        foreach (var option in new Option[] { _reference, _current, _psi, _ksP, _ksMin, _wasserstein, _js, _share, _report, _output })
            command.Options.Add(option);
    }

    protected override Task<int> ExecuteAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stderr = error ?? Console.Error;
        var reportDirectory = parse.GetValue(_report);
        if (reportDirectory is not null && reportWriter is null)
        {
            if (forwardReport is not null)
                return forwardReport(parse);
            stderr.WriteLine("lepton drift: --report is drawn by lepton-dev (src/DevTools), which this program cannot reach");
            return Task.FromResult(ExitCodes.Failure);
        }

        var options = Defaults with
        {
            PsiThreshold = parse.GetValue(_psi),
            KsPValueThreshold = parse.GetValue(_ksP),
            KsMinimumRecords = parse.GetValue(_ksMin),
            WassersteinNormedThreshold = parse.GetValue(_wasserstein),
            JensenShannonThreshold = parse.GetValue(_js),
            DatasetDriftShare = parse.GetValue(_share),
        };
        var stdout = output ?? Console.Out;
        try
        {
            var (referencePath, currentPath) = (parse.GetValue(_reference)!, parse.GetValue(_current)!);
            var (reference, current) = (CsvTable.ReadFile(referencePath), CsvTable.ReadFile(currentPath));
            var report = OfflineDriftAnalysis.Compare(reference, current, options);
            string? page = null;
            if (reportDirectory is not null)
            {
                page = reportWriter!.Write(reportDirectory, new DriftComparison(referencePath, currentPath, reference, current, options, report));
                stderr.WriteLine($"report: {page}");
            }
            if (parse.GetValue(_output) == OutputFormat.Json)
                stdout.WriteLine(WithReportPage(report.ToJson(), page));
            else
                WriteTable(stdout, report);
            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception e) when (e is DriftInputException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"lepton drift: {e.Message}");
            return Task.FromResult(ExitCodes.Usage);
        }
    }

    /// <summary>The drift library's report with <c>reportPage</c> last: index.html's path, null without --report (docs/cli.md).</summary>
    private static string WithReportPage(string reportJson, string? page)
    {
        var document = JsonNode.Parse(reportJson)!.AsObject();
        document["reportPage"] = page;
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void WriteTable(TextWriter output, OfflineDriftReport report)
    {
        static string F(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "—";
        TableOutput.Write(output,
            ["column", "type", ">reference", ">current", ">KS p", ">PSI", ">Wasserstein/σ", ">Jensen–Shannon", "drifted", "reasons"],
            report.Columns.Select(c => new[]
            {
                c.Name, c.Kind == ColumnKind.Numeric ? "numeric" : "categorical",
                c.ReferenceCount.ToString("N0", CultureInfo.InvariantCulture), c.CurrentCount.ToString("N0", CultureInfo.InvariantCulture),
                F(c.Ks?.PValue), F(c.Psi), F(c.WassersteinNormed), F(c.JensenShannon), c.Drifted ? "yes" : "no",
                c.Reasons == DriftReasons.None ? "" : c.Reasons.ToString(),
            }));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Columns.Count(c => c.Drifted)} of {report.Columns.Count} columns drifted ({report.DriftedShare:0.##}); dataset drift: {(report.DatasetDrift ? "yes" : "no")}"));
    }
}
