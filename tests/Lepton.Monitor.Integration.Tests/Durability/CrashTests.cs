using System.Diagnostics;
using System.Net;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Integration.Tests.Durability;

/// <summary>
/// 202 is a promise: the real executable is killed (SIGKILL) right after it answers, and a new host on the same
/// data folder processes every acknowledged record, alerting each planted violation exactly once.
/// </summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Records_acknowledged_with_202_survive_a_kill_and_are_alerted_once()
    {
        using var data = new TempFolder();
        var generated = TransactionGenerator.Generate(new GeneratorOptions { Tenant = "acme", Count = 4_000, Seed = 9, ViolationRate = 0.05 }).ToList();
        var chunks = generated.Chunk(1_000).Select(c => c.SelectMany(g => g.Utf8Line.Append((byte)'\n')).ToArray()).ToList();

        var port = LeptonTestHost.FreePort();
        using (var child = StartChild(data.Path, port))
        {
            try
            {
                using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                admin.DefaultRequestHeaders.Authorization = new("Bearer", LeptonTestHost.AdminKey);
                await WaitReadyAsync(admin, child);
                await admin.CreateTenantAsync("acme", "US", "EU", "GB", "SG", "GLOBAL");
                foreach (var chunk in chunks)
                {
                    var (status, _) = await admin.PostRecordsAsync(chunk);
                    Assert.Equal(HttpStatusCode.Accepted, status);
                }
            }
            finally
            {
                child.Kill(entireProcessTree: true); // at once after the last 202: no graceful drain
                await child.WaitForExitAsync();
            }
        }

        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.WaitForIdleAsync();
        var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        foreach (var alert in alerts)
            Assert.Equal(alert.RecordIds().Distinct().Count(), alert["count"]!.GetValue<int>()); // no record counted twice
        var byRecord = alerts.SelectMany(a => a.RecordIds().Select(id => (id, kind: a.Text("ruleKind"), jurisdiction: a.Text("jurisdiction"))))
            .ToLookup(x => (x.id, x.kind));
        foreach (var g in generated.Where(g => g.PlantedKinds.Contains(PlantedKinds.Threshold)))
        {
            var hits = byRecord[(g.Id!, PlantedKinds.Threshold)].ToList();
            Assert.NotEmpty(hits);
            Assert.Equal(hits.Count, hits.Select(h => h.jurisdiction).Distinct().Count()); // once per jurisdiction
        }
    }

    private static Process StartChild(string dataPath, int port)
    {
        var exe = Path.Combine(AppContext.BaseDirectory, "lepton.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                exe, "run", "--urls", $"http://127.0.0.1:{port}", "--Lepton:DataPath", dataPath, "--Lepton:Demo:Enabled", "false",
                "--Lepton:Orleans:SiloPort", LeptonTestHost.FreePort().ToString(), "--Lepton:Orleans:GatewayPort", LeptonTestHost.FreePort().ToString(),
                "--Logging:LogLevel:Default", "Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["LEPTON_ADMIN_KEY"] = LeptonTestHost.AdminKey;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient client, Process child)
    {
        for (var i = 0; i < 1200; i++)
        {
            Assert.False(child.HasExited, "the lepton process exited during start");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("lepton did not become ready");
    }
}
