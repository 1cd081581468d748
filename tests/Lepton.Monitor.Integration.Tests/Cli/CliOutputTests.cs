using System.Text.Json.Nodes;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>Usage errors name the option with exit code 2; `--output json` documents parse back into docs/cli.md's schema.</summary>
public sealed class CliOutputTests
{
    [Theory]
    [InlineData("--count", "x", "generate", "--out", "x.ndjson")]
    [InlineData("--count", "-4", "generate", "--out", "x.ndjson")]
    [InlineData("--violation-rate", "2", "generate", "--out", "x.ndjson")]
    [InlineData("--family", "forest", "train")]
    [InlineData("--output", "yaml", "drift", "--reference", "a.csv", "--current", "b.csv")]
    [InlineData("--batch", "0", "backtest", "--input", "x.ndjson")]
    public async Task A_bad_value_is_exit_2_naming_the_option(string option, string value, params string[] verb)
    {
        var (code, output, err) = await LeptonCommandLineTests.RunAsync([.. verb, option, value]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(option, err);
    }

    [Fact]
    public async Task Bench_output_json_is_one_document_on_stdout_with_more_than_one_mode_refused()
    {
        var (code, _, err) = await LeptonCommandLineTests.RunAsync("bench", "--scoring", "--gpu");
        Assert.Equal(2, code);
        Assert.Contains("at most one of", err);
        (code, _, err) = await LeptonCommandLineTests.RunAsync("bench", "--monitors", "--output", "json");
        Assert.Equal(2, code);
        Assert.Contains("--output json is for the pipeline bench", err);
    }

    [Fact]
    public async Task Train_output_json_has_the_documented_fields()
    {
        using var dir = new TempFolder();
        var (code, output, err) = await LeptonCommandLineTests.RunAsync("train", "--family", "gbdt", "--rows", "3000", "--trees", "3", "--out", dir.Path, "--output", "json", "--quiet");
        Assert.True(code == 0, err);
        var doc = JsonNode.Parse(output)!;
        Assert.Equal(1, doc["schemaVersion"]!.GetValue<int>());
        Assert.Equal("gbdt", doc["family"]!.GetValue<string>());
        Assert.True(File.Exists(doc["onnxPath"]!.GetValue<string>()));
        Assert.InRange(doc["heldOut"]!["rocAuc"]!.GetValue<double>(), 0.5, 1.0);
        Assert.True(doc["heldOut"]!["rows"]!.GetValue<int>() > 0);
    }
}
