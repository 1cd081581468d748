using System.Text.Json.Nodes;
using Lepton.Monitor.Silo.Cli;
using Lepton.Monitor.Silo.Load;

namespace Lepton.Monitor.Integration.Tests.Load;

/// <summary>`lepton load --target http` against the real host on loopback.</summary>
public sealed class LoadVerbHttpTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly TempFolder _files = new();
    private LeptonTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await LeptonTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("loadtest", "US", "EU", "GB", "SG", "GLOBAL");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task A_three_second_load_at_2000_records_a_second_reaches_the_host_and_reports_consistent_figures()
    {
        var before = await AcceptedAsync();
        var csv = Path.Combine(_files.Path, "memory.csv");
        var json = Path.Combine(_files.Path, "report.json");

        var (code, output, error) = await RunAsync([
            "--target", "http", "--rate", "2000", "--duration", "3s", "--chunk", "500", "--tenant", "loadtest",
            "--url", _host.BaseAddress.ToString(), "--key", LeptonTestHost.AdminKey, "--csv", csv, "--out", json]);

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        var report = JsonNode.Parse(await File.ReadAllTextAsync(json))!.AsObject();
        var sent = report["sent"]!.GetValue<long>();
        Assert.InRange(sent, 5_400, 6_600); // rate × duration ± 10 %
        Assert.Equal(6_000, report["scheduled"]!.GetValue<long>());
        Assert.Equal(0, report["failedRecords"]!.GetValue<long>());
        Assert.InRange(report["achievedRate"]!.GetValue<double>(), 1_900, 2_100);
        Assert.True(report["p50Ms"]!.GetValue<double>() <= report["p99Ms"]!.GetValue<double>());
        Assert.True(report["p99Ms"]!.GetValue<double>() <= report["maxMs"]!.GetValue<double>());
        Assert.NotNull(report["rss"]); // read from the host's /metrics
        Assert.NotNull(report["gcHeap"]);

        // The host accepted exactly what load reports as sent.
        await _host.WaitForIdleAsync();
        await WaitForAsync(async () => await AcceptedAsync() - before == sent, TimeSpan.FromSeconds(10));
        Assert.Equal(sent, await AcceptedAsync() - before);

        var rows = (await File.ReadAllLinesAsync(csv)).ToList();
        Assert.Equal(LoadReport.CsvHeader, rows[0]);
        Assert.Equal(["1", "2", "3"], rows.Skip(1).Select(r => r.Split(',')[0]));
        Assert.Equal(sent, long.Parse(rows[^1].Split(',')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(rows.Skip(1), r => Assert.True(double.Parse(r.Split(',')[4], System.Globalization.CultureInfo.InvariantCulture) > 0, r));

        // Progress (stderr is not a terminal): the phases' lines and the run's status once a second; stdout has the rest.
        Assert.Contains("generate ahead: started, 6,000 records", error, StringComparison.Ordinal);
        Assert.Contains("load: started, 6,000 records", error, StringComparison.Ordinal);
        var statusLines = error.Split('\n').Where(l => l.StartsWith("load: ", StringComparison.Ordinal) && l.Contains("; second ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, statusLines.Count);
        Assert.All(statusLines, l => Assert.Contains(" records/s", l, StringComparison.Ordinal));
        Assert.Contains(statusLines, l => l.Contains("p99 ", StringComparison.Ordinal) && l.Contains("rss ", StringComparison.Ordinal));
        Assert.Contains("load: done, ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("; second ", output, StringComparison.Ordinal);
        Assert.Contains("result: pass", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_tenant_fails_before_sending_with_a_clear_message()
    {
        var before = await AcceptedAsync();
        var (code, _, error) = await RunAsync([
            "--target", "http", "--rate", "1000", "--duration", "2s", "--tenant", "nobody",
            "--url", _host.BaseAddress.ToString(), "--key", LeptonTestHost.AdminKey]);
        Assert.Equal(1, code);
        Assert.Contains("tenant 'nobody' does not exist", error, StringComparison.Ordinal);
        Assert.Equal(before, await AcceptedAsync());
    }

    [Theory]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--url", "http://10.1.2.3:8080", "--key", "k")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--url", "http://example.com", "--key", "k")]
    [InlineData("--target", "kafka", "--rate", "1000", "--duration", "2s", "--bootstrap", "127.0.0.1:9092,kafka.example.com:9092")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--key", "k", "--metrics-url", "http://192.168.1.1/metrics")]
    public async Task A_target_not_on_this_machine_is_refused(params string[] args)
    {
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await LeptonCommandLine.RunAsync(["load", .. args]));
        }
        finally
        {
            Console.SetError(new StreamWriter(Console.OpenStandardError()) { AutoFlush = true });
        }
        Assert.Contains("not this machine", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "1000", "--duration", "2s", "--key", "k")]
    [InlineData("--target", "ftp", "--rate", "1000", "--duration", "2s", "--key", "k")]
    [InlineData("--target", "http", "--duration", "2s", "--key", "k")]
    [InlineData("--target", "http", "--rate", "-5", "--duration", "2s", "--key", "k")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "soon", "--key", "k")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "3h", "--key", "k")]
    [InlineData("--target", "http", "--rate", "1000000", "--duration", "2h", "--key", "k")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--key", "k", "--chunk", "0")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--key", "k", "--bootstrap", "127.0.0.1:9092")]
    [InlineData("--target", "kafka", "--rate", "1000", "--duration", "2s")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--key", "k", "--tenant", "Not A Tenant")]
    [InlineData("--target", "http", "--rate", "1000", "--duration", "2s", "--key", "k", "--bogus")]
    public async Task Bad_arguments_exit_2(params string[] args) =>
        Assert.Equal(2, await LeptonCommandLine.RunAsync(["load", .. args]));

    private async Task<long> AcceptedAsync() =>
        (long)(PrometheusText.Sum(await _host.Admin.GetStringAsync("/metrics"), "lepton_ingest_accepted_total") ?? 0);

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition() && DateTime.UtcNow < deadline)
            await Task.Delay(200);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new LoadVerb(output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }
}
