using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>`lepton bench` at its smallest, run once with `--report DIR --output json`: the document and the page.</summary>
public sealed class BenchVerbTests(BenchVerbTests.SmallBench bench) : IClassFixture<BenchVerbTests.SmallBench>
{
    /// <summary>
    /// 2,000 records in chunks of 500, no half-rate phase: seconds, not the minutes of a real bench (the raw ONNX
    /// figure alone takes its fixed 2 s). The figures mean nothing at this size; their shape and the page are tested.
    /// </summary>
    public sealed class SmallBench : IAsyncLifetime
    {
        private readonly TempFolder _dir = new();

        public string ReportDirectory => Path.Combine(_dir.Path, "report");
        public int Code { get; private set; }
        public string Output { get; private set; } = "";
        public string Error { get; private set; } = "";

        public async Task InitializeAsync() =>
            (Code, Output, Error) = await LeptonCommandLineTests.RunAsync("bench", "--records", "2000", "--chunk", "500", "--concurrency", "2",
                "--half-rate-seconds", "0", "--report", ReportDirectory, "--output", "json", "--quiet");

        public Task DisposeAsync()
        {
            _dir.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Output_json_is_the_documented_document()
    {
        Assert.True(bench.Code == 0, bench.Error);
        var doc = JsonNode.Parse(bench.Output)!.AsObject();   // stdout is the document alone
        Assert.Equal(["cores", "os", "report", "reportPage", "schemaVersion"], doc.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(1, doc["schemaVersion"]!.GetValue<int>());
        Assert.Equal(Environment.ProcessorCount, doc["cores"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(doc["os"]!.GetValue<string>()));
        Assert.Equal(Path.Combine(bench.ReportDirectory, "index.html"), doc["reportPage"]!.GetValue<string>());

        var report = doc["report"]!.AsObject();
        Assert.Equal(2000, report["records"]!.GetValue<int>());
        Assert.Equal(4096, report["onnxBatch"]!.GetValue<int>());
        foreach (var figure in new[] { "parseValidatePerSecond", "onnxRowsPerSecond", "pipelinePerSecond", "pipelineCpuMicrosPerRecord", "parseScoreLimit", "saturatedP50Ms", "saturatedP99Ms" })
            Assert.True(report[figure]!.GetValue<double>() > 0, figure);
        Assert.True(report["alertsRaised"]!.GetValue<long>() > 0);
        // No half-rate phase: its rate is 0, its percentiles have no samples (null, as docs/cli.md says).
        Assert.Equal(0, report["halfRatePerSecond"]!.GetValue<double>());
        Assert.True(report.AsObject().ContainsKey("halfRateP99Ms"));
        Assert.Null(report["halfRateP99Ms"]);
        Assert.Equal(0, report["halfRateAlerts"]!.GetValue<int>());
        Assert.Equal(JsonValueKind.Object, report["pipelineRuntime"]!.GetValueKind());
        Assert.True(report["pipelineRuntime"]!["allocatedBytes"]!.GetValue<long>() > 0);
        Assert.Equal(JsonValueKind.Object, report["essentialWork"]!.GetValueKind());
        // Phases not asked for are null.
        foreach (var absent in new[] { "httpPerSecond", "httpRuntime", "httpHalfRate", "kafka", "eventHubs", "httpToPipeline", "kafkaToHttp", "eventHubsToHttp" })
            Assert.Null(report[absent]);
    }

    [Fact]
    public void The_report_page_shows_the_targets_and_the_throughput_and_latency_charts()
    {
        Assert.True(bench.Code == 0, bench.Error);
        var html = ReportPageChecks.Load(Path.Combine(bench.ReportDirectory, "index.html"));
        var paths = ReportPageChecks.Rows(html, "throughput").Select(r => r[0]).ToList();
        Assert.Contains("pipeline (in-process)", paths);
        Assert.Contains("raw parse+validate (1 thread)", paths);
        Assert.Contains("essential work limit (2 cores)", paths);
        Assert.DoesNotContain("HTTP path", paths);  // not measured: not drawn
        // Saturation only: the half-rate phase was skipped.
        Assert.Equal(["ingest to alert at saturation"], ReportPageChecks.Rows(html, "latency").Select(r => r[0]));
        Assert.Contains(ReportPageChecks.Rows(html, "targets"), r => r[0] == "pipeline (in-process)");
        Assert.True(File.Exists(Path.Combine(bench.ReportDirectory, "throughput.png")));
        Assert.True(File.Exists(Path.Combine(bench.ReportDirectory, "latency-01.png")));
    }

    [Theory]
    [InlineData("--scoring")]
    [InlineData("--monitors")]
    public async Task Report_is_for_the_pipeline_bench_only(string mode)
    {
        var (code, output, err) = await LeptonCommandLineTests.RunAsync("bench", mode, "--report", "somewhere");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"--report is for the pipeline bench, not {mode}", err);
    }

    [Fact]
    public async Task A_file_where_the_report_should_go_is_refused_before_the_run()
    {
        using var dir = new TempFolder();
        var file = Path.Combine(dir.Path, "taken");
        File.WriteAllText(file, "");
        var (code, _, err) = await LeptonCommandLineTests.RunAsync("bench", "--report", file);
        Assert.Equal(2, code);
        Assert.Contains("is a file, not a directory", err);
    }
}
