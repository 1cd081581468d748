using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lepton.Monitor.Drift.Tests.Support;
using Lepton.Monitor.Silo.Cli;

namespace Lepton.Monitor.Drift.Tests.Cli;

public sealed class DriftVerbTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lepton-drift-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Csv(string name, int seed, int n, double shift)
    {
        var rng = new Random(seed);
        var text = new StringBuilder("score,\"country, code\"\n");
        for (var i = 0; i < n; i++)
            text.Append((Samples.Gaussian(rng) + shift).ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(rng.NextDouble() < 0.3 + shift ? "\"US\"" : "GB").Append('\n');
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task Drift_prints_the_json_report()
    {
        var reference = Csv("ref.csv", 1, 1_000, 0);
        var current = Csv("cur.csv", 2, 500, 0.4);
        var output = new StringWriter();
        var code = await new DriftVerb(output, new StringWriter()).RunAsync(["--reference", reference, "--current", current, "--psi-threshold", "0.25", "--output", "json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        var columns = json.RootElement.GetProperty("columns");
        Assert.Equal("numeric", columns.GetProperty("score").GetProperty("type").GetString());
        Assert.True(columns.GetProperty("score").GetProperty("drifted").GetBoolean());
        Assert.Equal("categorical", columns.GetProperty("country, code").GetProperty("type").GetString());
        Assert.True(json.RootElement.GetProperty("datasetDrift").GetBoolean());
    }

    [Fact]
    public async Task Drift_json_names_no_report_page_without_report()
    {
        var output = new StringWriter();
        var code = await new DriftVerb(output, new StringWriter()).RunAsync(["--reference", Csv("ref.csv", 1, 300, 0), "--current", Csv("cur.csv", 2, 300, 0), "--output", "json"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("reportPage").ValueKind);
    }

    [Fact]
    public async Task Drift_report_gets_the_whole_comparison_and_its_page_is_in_the_json()
    {
        var reference = Csv("ref.csv", 1, 1_000, 0);
        var current = Csv("cur.csv", 2, 500, 0.4);
        var writer = new RecordingReportWriter();
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await new DriftVerb(output, error, writer).RunAsync(
            ["--reference", reference, "--current", current, "--psi-threshold", "0.25", "--report", "out", "--output", "json"]);

        Assert.Equal(0, code);
        var (directory, comparison) = Assert.Single(writer.Calls);
        Assert.Equal("out", directory);
        Assert.Equal((reference, current), (comparison.ReferencePath, comparison.CurrentPath));
        Assert.Equal((1_000, 500), (comparison.Reference.Rows.Count, comparison.Current.Rows.Count));
        Assert.Equal(0.25, comparison.Options.PsiThreshold);
        Assert.True(comparison.Report.DatasetDrift);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(RecordingReportWriter.Page, json.RootElement.GetProperty("reportPage").GetString());
        Assert.True(json.RootElement.GetProperty("columns").GetProperty("score").GetProperty("drifted").GetBoolean());
        Assert.Contains($"report: {RecordingReportWriter.Page}", error.ToString());
    }

    [Fact]
    public async Task Drift_report_without_a_writer_hands_the_verb_on_before_reading_anything()
    {
        ParseResult? forwarded = null;
        var output = new StringWriter();
        var code = await new DriftVerb(output, new StringWriter(), forwardReport: parse => { forwarded = parse; return Task.FromResult(7); })
            .RunAsync(["--reference", "missing.csv", "--current", "missing-too.csv", "--report", "out"]);
        Assert.Equal(7, code);  // the forwarded run's exit code
        Assert.NotNull(forwarded);
        Assert.Equal("", output.ToString());

        // Neither a writer nor somewhere to forward: one line, exit 1.
        var error = new StringWriter();
        Assert.Equal(1, await new DriftVerb(new StringWriter(), error).RunAsync(["--reference", "a.csv", "--current", "b.csv", "--report", "out"]));
        Assert.Contains("--report is drawn by lepton-dev", error.ToString());
    }

    private sealed class RecordingReportWriter : IDriftReportWriter
    {
        public const string Page = "/reports/drift/index.html";
        public List<(string Directory, DriftComparison Comparison)> Calls { get; } = [];

        public string Write(string directory, DriftComparison comparison)
        {
            Calls.Add((directory, comparison));
            return Page;
        }
    }

    [Fact]
    public async Task Drift_exits_2_on_a_missing_file_or_a_ragged_row()
    {
        var reference = Csv("ref.csv", 1, 10, 0);
        var error = new StringWriter();
        Assert.Equal(2, await new DriftVerb(new StringWriter(), error).RunAsync(["--reference", reference, "--current", Path.Combine(_folder, "nope.csv")]));
        Assert.Contains("nope.csv: file not found", error.ToString());

        var ragged = Path.Combine(_folder, "ragged.csv");
        File.WriteAllText(ragged, "score,\"country, code\"\n1,US\n2\n");
        error = new StringWriter();
        Assert.Equal(2, await new DriftVerb(new StringWriter(), error).RunAsync(["--reference", reference, "--current", ragged]));
        Assert.Equal($"lepton drift: {ragged} line 3: expected 2 fields as in the header, found 1", error.ToString().Trim());
    }

    [Fact]
    public async Task Drift_refuses_missing_options()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new DriftVerb().RunAsync(["--reference", "a.csv"]));
        await Assert.ThrowsAsync<ArgumentException>(() => new DriftVerb().RunAsync(["--reference", "a.csv", "--current", "b.csv", "--psi-threshold", "x"]));
    }

    [Fact]
    public async Task Drift_stream_prints_detection_indices()
    {
        var input = new StringBuilder();
        for (var i = 0; i < 400; i++) input.Append(i < 200 ? "0.1\n" : "5\n");
        var output = new StringWriter();
        var code = await new DriftStreamVerb(new StringReader(input.ToString()), output, new StringWriter())
            .RunAsync(["--detector", "page-hinkley", "--threshold", "10"]);
        Assert.Equal(0, code);
        var first = long.Parse(output.ToString().Split('\n')[0], CultureInfo.InvariantCulture);
        Assert.InRange(first, 200, 210);

        output = new StringWriter();
        Assert.Equal(0, await new DriftStreamVerb(new StringReader(input.ToString()), output, new StringWriter()).RunAsync(["--detector", "adwin", "--delta", "0.01"]));
        Assert.InRange(long.Parse(output.ToString().Split('\n')[0], CultureInfo.InvariantCulture), 200, 240);
    }

    [Fact]
    public async Task Drift_stream_exits_2_with_the_bad_line()
    {
        var error = new StringWriter();
        var code = await new DriftStreamVerb(new StringReader("1\n2\nthree\n"), new StringWriter(), error).RunAsync(["--detector", "adwin"]);
        Assert.Equal(2, code);
        Assert.Equal("lepton drift-stream: stdin line 3: 'three' is not a finite number", error.ToString().Trim());
        await Assert.ThrowsAsync<ArgumentException>(() => new DriftStreamVerb().RunAsync(["--detector", "cusum"]));
        await Assert.ThrowsAsync<ArgumentException>(() => new DriftStreamVerb().RunAsync(["--detector", "page-hinkley", "--direction", "sideways"]));
    }
}
