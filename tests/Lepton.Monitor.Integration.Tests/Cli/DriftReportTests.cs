using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>`drift --report DIR`: lepton-dev draws the page; the product's drift verb forwards to it only for the report.</summary>
public sealed class DriftReportTests
{
    /// <summary>Two CSVs: "amount" shifted in the current file, "channel" with cash far more often, "age" unchanged.</summary>
    private static (string Reference, string Current) Csvs(string folder)
    {
        static string Write(string path, int seed, int rows, double shift)
        {
            var random = new Random(seed);
            var text = new StringBuilder("amount,channel,age\n");
            for (var i = 0; i < rows; i++)
                text.Append(CultureInfo.InvariantCulture, $"{Math.Exp(5 + shift + random.NextDouble()):0.00},{(random.NextDouble() < 0.1 + shift ? "cash" : "card")},{random.Next(18, 90)}\n");
            File.WriteAllText(path, text.ToString());
            return path;
        }
        return (Write(Path.Combine(folder, "ref.csv"), 1, 2_000, 0), Write(Path.Combine(folder, "cur.csv"), 2, 1_500, 0.5));
    }

    [Fact]
    public async Task The_page_has_a_row_and_a_chart_per_column_and_its_path_is_in_the_json()
    {
        using var dir = new TempFolder();
        var (reference, current) = Csvs(dir.Path);
        var reportDir = Path.Combine(dir.Path, "report");

        var (code, output, err) = await LeptonCommandLineTests.RunAsync("drift", "--reference", reference, "--current", current, "--report", reportDir, "--output", "json");

        Assert.True(code == 0, output + err);
        var json = JsonNode.Parse(output)!;
        var page = json["reportPage"]!.GetValue<string>();
        Assert.Equal(Path.Combine(reportDir, "index.html"), page);
        Assert.True(json["columns"]!["amount"]!["drifted"]!.GetValue<bool>());

        var html = ReportPageChecks.Load(page);
        var rows = ReportPageChecks.Rows(html, "features");
        Assert.Equal(["amount", "channel", "age"], rows.Select(r => r[0]));
        Assert.Equal(["drifted", "drifted", "stable"], rows.Select(r => r[1]));
        Assert.Equal(3, html.Descendants("img").Count());  // one reference-vs-current chart per column
        Assert.Contains("Drift of cur.csv against ref.csv", html.Root!.Value);
    }

    [Fact]
    public async Task A_file_where_the_report_should_go_is_a_usage_error()
    {
        using var dir = new TempFolder();
        var (reference, current) = Csvs(dir.Path);
        var (code, output, err) = await LeptonCommandLineTests.RunAsync("drift", "--reference", reference, "--current", current, "--report", reference);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("lepton drift: --report:", err);
        Assert.Contains("is a file", err);
    }

    [Fact]
    public async Task The_product_runs_drift_itself_and_hands_only_the_report_to_lepton_dev()
    {
        using var dir = new TempFolder();
        var (reference, current) = Csvs(dir.Path);

        // The product's own command line (no lepton-dev verbs in process): without --report no child process is needed…
        Assert.Equal(0, await LeptonCommandLine.RunAsync(["drift", "--reference", reference, "--current", current, "--output", "json"]));
        // … with it, lepton-dev (beside the tests, as beside lepton in the all-in-one image) writes the page.
        var reportDir = Path.Combine(dir.Path, "forwarded");
        Assert.Equal(0, await LeptonCommandLine.RunAsync(["drift", "--reference", reference, "--current", current, "--report", reportDir]));
        ReportPageChecks.Load(Path.Combine(reportDir, "index.html"));
    }
}
