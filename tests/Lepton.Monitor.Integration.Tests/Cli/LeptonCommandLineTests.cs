using System.Text.Json.Nodes;
using Lepton.Monitor.DevTools;
using Lepton.Monitor.Ingest;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>The product's command line (in-process, with the development verbs of lepton-dev): verbs, their help, and the generator.</summary>
public sealed class LeptonCommandLineTests
{
    internal static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            return (await DevToolsCommandLine.RunAsync(args), stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    [Fact]
    public async Task Help_lists_every_verb_and_each_verb_has_its_own_help()
    {
        var (code, output, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var verb in DevToolsCommandLine.Verbs)
        {
            Assert.Contains($"  {verb.Name} ", output);
            var (verbCode, verbHelp, _) = await RunAsync(verb.Name, "--help");
            Assert.Equal(0, verbCode);
            Assert.Contains($"Usage:", verbHelp);
            Assert.Contains($" {verb.Name} ", verbHelp);
            // Every option of the verb is in its generated help.
            foreach (var option in verb.Command.Options)
                Assert.Contains(option.Name, verbHelp);
        }
    }

    [Fact]
    public async Task Unknown_verbs_and_options_fail_with_a_clear_message()
    {
        var (code, _, err) = await RunAsync("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unknown verb 'frobnicate'", err);

        (code, _, err) = await RunAsync("generate", "--out", "x.ndjson", "--cuont", "5");
        Assert.Equal(2, code);
        Assert.Contains("unknown option '--cuont', did you mean '--count'?", err);
    }

    [Fact]
    public async Task Generate_creates_a_missing_output_folder_and_fails_cleanly_when_it_cannot()
    {
        using var dir = new TempFolder();
        var records = Path.Combine(dir.Path, "missing", "deeper", "records.ndjson");

        var (code, _, err) = await RunAsync("generate", "--out", records, "--count", "10", "--quiet");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Equal(10, File.ReadAllLines(records).Length);
        Assert.True(File.Exists(Path.Combine(dir.Path, "missing", "deeper", "records.truth.ndjson")));

        // A folder that cannot be created (a file is in the way): one line, exit 1, no stack trace.
        var blocker = Path.Combine(dir.Path, "a-file");
        File.WriteAllText(blocker, "");
        (code, _, err) = await RunAsync("generate", "--out", Path.Combine(blocker, "records.ndjson"), "--count", "10");
        Assert.Equal(1, code);
        Assert.StartsWith("lepton generate: cannot write", err);
        Assert.DoesNotContain("   at ", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Generate_writes_n_records_and_a_truth_line_for_each()
    {
        using var dir = new TempFolder();
        var records = Path.Combine(dir.Path, "records.ndjson");
        var truth = Path.Combine(dir.Path, "truth.ndjson");

        var (code, _, _) = await RunAsync("generate", "--out", records, "--truth", truth, "--count", "500", "--tenant", "acme", "--violation-rate", "0.1", "--seed", "5");

        Assert.Equal(0, code);
        var lines = await File.ReadAllLinesAsync(records);
        var truthLines = (await File.ReadAllLinesAsync(truth)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(500, lines.Length);
        Assert.Equal(500, truthLines.Count);
        Assert.All(lines, l => Assert.Equal("acme", JsonNode.Parse(l)!["tenant"]!.GetValue<string>()));
        // About 10 % of 500 violations; a pattern (structuring run, velocity burst) is one violation whose every record
        // is marked, so count the records with a record-level kind, and check patterns mark more than one record.
        static bool IsPattern(JsonNode? kind) => kind!.GetValue<string>() is PlantedKinds.Structuring or PlantedKinds.Velocity;
        var recordLevel = truthLines.Count(t => t["planted"]!.AsArray().Any(k => !IsPattern(k)));
        Assert.InRange(recordLevel, 20, 80);
        var patternRecords = truthLines.Count(t => t["planted"]!.AsArray().Any(IsPattern));
        Assert.True(patternRecords >= 2 * PlantedKinds.StructuringRunLength, $"only {patternRecords} pattern records marked");
    }
}
