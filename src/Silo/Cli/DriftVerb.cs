using Lepton.Monitor.Drift.Offline;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton drift`: compares a current CSV with a reference CSV column by column and prints the drift report as JSON.</summary>
public sealed class DriftVerb(TextWriter? output = null, TextWriter? error = null) : IVerb
{
    public string Name => "drift";
    public string Summary => "compare a current CSV with a reference CSV: KS, PSI, Wasserstein, Jensen–Shannon, chi-squared per column (JSON)";
    public string Usage => """
        usage: lepton drift --reference REF.csv --current CUR.csv [--psi-threshold 0.2] [--ks-p-value 0.05]
                            [--ks-min-records 200] [--wasserstein-threshold 0.1] [--js-threshold 0.1] [--dataset-share 0.5]

        Both files need a header row; fields are comma-separated and may be double-quoted. A column is numeric when every
        non-empty value in both files parses as a number (invariant culture), otherwise categorical. Numeric columns get
        KS (statistic, asymptotic p-value), PSI over the reference's deciles and Wasserstein (raw and divided by the
        reference's standard deviation); categorical ones PSI, Jensen–Shannon distance (base 2) and chi-squared.
        A column drifts when PSI ≥ --psi-threshold, or KS p < --ks-p-value with at least --ks-min-records current values,
        or normalised Wasserstein ≥ --wasserstein-threshold (Jensen–Shannon ≥ --js-threshold for categorical columns);
        the dataset drifts when at least --dataset-share of the columns do. Exit code 2 on unreadable input.
        See docs/drift.md.
        """;

    public Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "reference", "current", "psi-threshold", "ks-p-value", "ks-min-records", "wasserstein-threshold", "js-threshold", "dataset-share");
        var referencePath = a.String("reference") ?? throw new ArgumentException("--reference is required");
        var currentPath = a.String("current") ?? throw new ArgumentException("--current is required");
        var defaults = new OfflineDriftOptions();
        var options = defaults with
        {
            PsiThreshold = a.Double("psi-threshold", defaults.PsiThreshold),
            KsPValueThreshold = a.Double("ks-p-value", defaults.KsPValueThreshold),
            KsMinimumRecords = a.Int("ks-min-records", defaults.KsMinimumRecords),
            WassersteinNormedThreshold = a.Double("wasserstein-threshold", defaults.WassersteinNormedThreshold),
            JensenShannonThreshold = a.Double("js-threshold", defaults.JensenShannonThreshold),
            DatasetDriftShare = a.Double("dataset-share", defaults.DatasetDriftShare),
        };
        try
        {
            var report = OfflineDriftAnalysis.Compare(CsvTable.ReadFile(referencePath), CsvTable.ReadFile(currentPath), options);
            (output ?? Console.Out).WriteLine(report.ToJson());
            return Task.FromResult(0);
        }
        catch (Exception e) when (e is DriftInputException or IOException or UnauthorizedAccessException)
        {
            (error ?? Console.Error).WriteLine($"lepton drift: {e.Message}");
            return Task.FromResult(2);
        }
    }
}
