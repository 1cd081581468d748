using System.Text.Json.Nodes;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>`lepton backtest` on the generator's own file: every planted deterministic kind found, nothing on clean records.</summary>
public sealed class BacktestVerbTests
{
    private static readonly string[] DeterministicKinds =
        ["threshold", "structuring", "velocity", "sanctioned-country", "high-risk-country", "travel-rule", "cross-border-data-transfer", "pii-in-text"];

    [Fact]
    public async Task Precision_and_recall_per_rule_kind_against_the_truth_file()
    {
        using var dir = new TempFolder();
        var records = Path.Combine(dir.Path, "records.ndjson");
        var truth = Path.Combine(dir.Path, "truth.ndjson");
        var report = Path.Combine(dir.Path, "candidates.ndjson");
        var (code, _, err) = await LeptonCommandLineTests.RunAsync("generate", "--out", records, "--truth", truth, "--count", "4000", "--tenant", "acme", "--violation-rate", "0.08", "--seed", "12");
        Assert.Equal(0, code);

        (code, var output, err) = await LeptonCommandLineTests.RunAsync("backtest", "--input", records, "--truth", truth, "--candidates", report, "--no-model", "--output", "json");
        Assert.True(code == 0, output + err);
        var scores = JsonNode.Parse(output)!["scores"]!.AsArray();
        foreach (var kind in DeterministicKinds)
        {
            var score = scores.FirstOrDefault(s => s!["kind"]!.GetValue<string>() == kind);
            Assert.True(score is not null, $"no score for {kind} in:\n{output}");
            // Something planted, no false positive, precision = recall = 1.
            Assert.True(score["planted"]!.GetValue<int>() > 0, score.ToJsonString());
            Assert.Equal(0, score["falsePositives"]!.GetValue<int>());
            Assert.Equal(1.0, score["precision"]!.GetValue<double>());
            Assert.Equal(1.0, score["recall"]!.GetValue<double>());
        }

        var alerts = File.ReadLines(report).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.NotEmpty(alerts);
        Assert.DoesNotContain(alerts, a => a.ToJsonString().Contains("4111"));  // no raw card number in the report
    }

    [Fact]
    public async Task The_html_report_shows_each_kind_and_the_model_rules_curve()
    {
        using var dir = new TempFolder();
        var records = Path.Combine(dir.Path, "records.ndjson");
        var truth = Path.Combine(dir.Path, "truth.ndjson");
        var (code, _, err) = await LeptonCommandLineTests.RunAsync("generate", "--out", records, "--truth", truth, "--count", "3000", "--tenant", "acme", "--violation-rate", "0.08", "--seed", "5");
        Assert.Equal(0, code);

        var reportDir = Path.Combine(dir.Path, "report");
        (code, var output, err) = await LeptonCommandLineTests.RunAsync("backtest", "--input", records, "--truth", truth, "--report", reportDir, "--output", "json");
        Assert.True(code == 0, output + err);
        var page = JsonNode.Parse(output)!["reportPage"]!.GetValue<string>();
        Assert.Equal(Path.Combine(reportDir, "index.html"), page);

        // The page is well-formed XHTML with a row per planted kind and the model section's charts as embedded PNGs.
        var html = System.Xml.Linq.XDocument.Load(page);
        var text = html.Root!.Value;
        foreach (var kind in DeterministicKinds)
            Assert.Contains(kind, text);
        Assert.Contains("average precision", text);  // the model section, drawn only with scores and labels
        var images = html.Descendants().Where(e => e.Name.LocalName == "img").Select(e => (string?)e.Attribute("src")).ToList();
        Assert.True(images.Count >= 3, $"{images.Count} images");
        Assert.All(images, src => Assert.StartsWith("data:image/png;base64,", src));
        Assert.NotEmpty(Directory.GetFiles(reportDir, "*.png"));
    }

    [Fact]
    public async Task A_missing_input_is_a_usage_error()
    {
        var (code, _, err) = await LeptonCommandLineTests.RunAsync("backtest", "--truth", "x.ndjson");
        Assert.Equal(2, code);
        Assert.Contains("--input", err);
        Assert.Contains("required", err);
    }
}
