using Lepton.Monitor.Silo.Cli;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Integration.Tests.Http;

/// <summary>`lepton parked list|replay` against a running instance over HTTP.</summary>
public sealed class ParkedCliTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private ParkedTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ParkedTestHost.StartAsync(_data.Path);
        await _host.Admin.CreateTenantAsync("acme", "US");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task The_parked_verb_lists_a_running_instances_parked_records_and_replays_them()
    {
        await _host.Parked.ParkAsync([new ParkedRecord(ParkedTestHost.Cash("acme", "tx-cli", "US"), "acme/US", "rule us-cash-ctr: OverflowException", Retryable: false)]);
        string[] common = ["--url", _host.BaseAddress.ToString(), "--key", LeptonTestHost.AdminKey];

        var (listCode, listed, _) = await RunAsync(["list", .. common, "--tenant", "acme"]);
        Assert.Equal(0, listCode);
        var lines = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("TENANT", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^acme\s+acme/US\s+tx-cli\s+1\s+no\s+\S+\s+rule us-cash-ctr: OverflowException$", Assert.Single(lines[1..]));

        var (replayCode, replayed, _) = await RunAsync(["replay", .. common, "--records", "tx-cli"]);
        Assert.Equal(0, replayCode);
        Assert.Contains("replayed 1, still failing 0", replayed, StringComparison.Ordinal);
        Assert.Equal(new ParkedCounts(0, 0), await _host.Parked.CountAsync());

        var (deniedCode, _, denied) = await RunAsync(["list", "--url", _host.BaseAddress.ToString(), "--key", "not-a-key"]);
        Assert.Equal(1, deniedCode);
        Assert.Contains("HTTP 401", denied, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new ParkedVerb(output, error).RunAsync(args);
        return (code, output.ToString(), error.ToString());
    }
}
