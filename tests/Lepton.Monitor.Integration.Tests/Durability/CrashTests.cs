using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Monitor.Ingest;

namespace Lepton.Monitor.Integration.Tests.Durability;

/// <summary>
/// 202 is a promise: the real executable is killed (SIGKILL) right after it answers, and a new process on the same
/// data folder processes every acknowledged record — including the rule-window state of records the grains had already
/// acknowledged but not yet persisted, which only a journal replay can rebuild.
/// </summary>
public sealed class CrashTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Records_acknowledged_with_202_survive_a_kill_and_are_alerted_once()
    {
        using var data = new TempFolder();
        var generated = TransactionGenerator.Generate(new GeneratorOptions { Tenant = "acme", Count = 4_000, Seed = 9, ViolationRate = 0.05 }).ToList();
        var chunks = generated.Chunk(1_000).Select(c => c.SelectMany(g => g.Utf8Line.Append((byte)'\n')).ToArray()).ToList();

        using (var child = LeptonProcess.Start(data.Path))
        {
            using var admin = child.AdminClient();
            await child.WaitReadyAsync(admin);
            await admin.CreateTenantAsync("acme", "US", "EU", "GB", "SG", "GLOBAL");
            foreach (var chunk in chunks)
            {
                var (status, _) = await admin.PostRecordsAsync(chunk);
                Assert.Equal(HttpStatusCode.Accepted, status);
            }
            await child.KillAsync(); // at once after the last 202: no graceful drain
        }

        await using var host = await LeptonTestHost.StartAsync(data.Path);
        await host.WaitForIdleAsync();
        var alerts = await host.Admin.GetAllAsync("/v1/alerts?tenant=acme");
        foreach (var alert in alerts)
        {
            // No record counted twice: evidence ids are distinct, and the alert fired at most once per record.
            Assert.Equal(alert.RecordIds().Length, alert.RecordIds().Distinct().Count());
            Assert.InRange(alert["count"]!.GetValue<int>(), 1, alert.RecordIds().Length);
        }
        var byRecord = alerts.SelectMany(a => a.RecordIds().Select(id => (id, kind: a.Text("ruleKind"), jurisdiction: a.Text("jurisdiction"))))
            .ToLookup(x => (x.id, x.kind));
        foreach (var g in generated.Where(g => g.PlantedKinds.Contains(PlantedKinds.Threshold)))
        {
            var hits = byRecord[(g.Id!, PlantedKinds.Threshold)].ToList();
            Assert.NotEmpty(hits);
            Assert.Equal(hits.Count, hits.Select(h => h.jurisdiction).Distinct().Count()); // once per jurisdiction
        }
    }

    /// <summary>
    /// The first halves of a velocity burst (20 card payments in 7 minutes; US: more than 15 in 10 minutes) and of a
    /// structuring run (4 cash deposits of 9,000 USD in a day; US: 3 or more of 8,000–10,000 totalling more than 10,000)
    /// are posted and acknowledged by the grains, the process is SIGKILLed (no graceful stop, no periodic state write),
    /// and the second halves go to a new process on the same folder. Both alerts must exist and equal those of the same
    /// records sent to a process that never crashed: the windows the first halves built survived the kill.
    /// </summary>
    [Fact]
    public async Task A_velocity_burst_spanning_a_SIGKILL_is_still_alerted()
    {
        var (crashed, _) = await RunAcrossAKillAsync(waitForGrains: true);

        AssertBothPatternsAlerted(crashed);
        Assert.Equal(await AlertsWithoutACrashAsync(), AlertSet(crashed));
    }

    /// <summary>
    /// The same, killed at once after the 202 of the first halves: they were journaled but not yet checkpointed by their
    /// grains, so the new process must replay them (its log says how many) before the second halves complete the patterns.
    /// </summary>
    [Fact]
    public async Task Records_journaled_but_not_checkpointed_at_a_SIGKILL_are_replayed_and_still_alerted()
    {
        var (crashed, restartOutput) = await RunAcrossAKillAsync(waitForGrains: false);

        var replayed = System.Text.RegularExpressions.Regex.Match(restartOutput, @"Replayed (\d+) journaled records");
        Assert.True(replayed.Success, "no journal replay at restart:\n" + restartOutput);
        Assert.InRange(int.Parse(replayed.Groups[1].Value, CultureInfo.InvariantCulture), 1, Lines(Pattern(Start).Before));
        AssertBothPatternsAlerted(crashed);
        Assert.Equal(await AlertsWithoutACrashAsync(), AlertSet(crashed));
    }

    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-30);

    private static async Task<(List<JsonObject> Alerts, string RestartOutput)> RunAcrossAKillAsync(bool waitForGrains)
    {
        var (before, after) = Pattern(Start);
        using var data = new TempFolder();
        using (var first = LeptonProcess.Start(data.Path))
        {
            using var admin = first.AdminClient();
            await first.WaitReadyAsync(admin);
            await admin.CreateTenantAsync("acme", "US");
            var (status, _) = await admin.PostRecordsAsync(before);
            Assert.Equal(HttpStatusCode.Accepted, status);
            if (waitForGrains)
                await WaitForDispatchedAsync(admin, Lines(before)); // acknowledged by the grains, not only journaled
            await first.KillAsync();
        }
        using var second = LeptonProcess.Start(data.Path);
        using var client = second.AdminClient();
        await second.WaitReadyAsync(client);
        var (again, _) = await client.PostRecordsAsync(after);
        Assert.Equal(HttpStatusCode.Accepted, again);
        await WaitForDispatchedAsync(client, Lines(after));
        var alerts = await WaitForAlertsAsync(client, "velocity", "structuring");
        var output = second.Output;
        await second.KillAsync();
        return (alerts, output);
    }

    private static void AssertBothPatternsAlerted(List<JsonObject> alerts)
    {
        var velocity = Assert.Single(alerts, a => a.Text("ruleKind") == "velocity");
        Assert.Equal("us-velocity-burst", velocity.Text("ruleId"));
        Assert.Contains("vel-15", velocity.RecordIds()); // the 16th payment: only over the limit with the first 10 counted
        var structuring = Assert.Single(alerts, a => a.Text("ruleKind") == "structuring");
        Assert.Equal("us-cash-structuring", structuring.Text("ruleId"));
    }

    private static async Task<SortedSet<string>> AlertsWithoutACrashAsync()
    {
        var (before, after) = Pattern(Start);
        using var calm = new TempFolder();
        await using var host = await LeptonTestHost.StartAsync(calm.Path);
        await host.Admin.CreateTenantAsync("acme", "US");
        Assert.Equal(HttpStatusCode.Accepted, (await host.Admin.PostRecordsAsync(before)).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Admin.PostRecordsAsync(after)).Status);
        await host.WaitForIdleAsync();
        return AlertSet(await host.Admin.GetAllAsync("/v1/alerts?tenant=acme"));
    }

    /// <summary>The pattern records, split in two halves: each half alone alerts nothing, together they alert both rules.</summary>
    private static (string Before, string After) Pattern(DateTimeOffset start)
    {
        start = new DateTimeOffset(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        string Line(string id, DateTimeOffset at, decimal amount, string channel, string customer) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":"{{{id}}}","tenant":"acme","timestamp":"{{{at:yyyy-MM-ddTHH:mm:ssZ}}}","amount":{{{amount}}},"currency":"USD","channel":"{{{channel}}}","originator":{"account":"ACC-{{{customer}}}","name":"N","country":"US","customerId":"{{{customer}}}"}}""");
        var velocity = Enumerable.Range(0, 20).Select(i => Line($"vel-{i:00}", start.AddSeconds(20 * i), 40m + i, "card", "C-VEL")).ToList();
        var structuring = Enumerable.Range(0, 4).Select(i => Line($"str-{i}", start.AddMinutes(20 * i), 9_000m + 100 * i, "cash", "C-STR")).ToList();
        return (string.Join('\n', velocity.Take(10).Concat(structuring.Take(2))) + "\n", string.Join('\n', velocity.Skip(10).Concat(structuring.Skip(2))) + "\n");
    }

    private static int Lines(string ndjson) => ndjson.Count(c => c == '\n');

    private static SortedSet<string> AlertSet(IEnumerable<JsonObject> alerts) =>
        new(alerts.Select(a => $"{a.Text("ruleId")}: {string.Join(',', a.RecordIds().Order(StringComparer.Ordinal))}"), StringComparer.Ordinal);

    /// <summary>Polls /metrics until the process has had at least <paramref name="records"/> records acknowledged by their grains.</summary>
    private static async Task WaitForDispatchedAsync(HttpClient client, int records)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var metrics = await client.GetStringAsync("/metrics");
            var dispatched = metrics.Split('\n')
                .Where(l => l.StartsWith("lepton_ingest_dispatched_total", StringComparison.Ordinal))
                .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
            if (dispatched >= records)
                return;
            Assert.True(DateTime.UtcNow < deadline, $"only {dispatched} of {records} records were acknowledged by their grains");
            await Task.Delay(50);
        }
    }

    /// <summary>Polls the alerts until one of each rule kind exists (or the patience runs out, then returns what there is).</summary>
    private static async Task<List<JsonObject>> WaitForAlertsAsync(HttpClient client, params string[] kinds)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var alerts = await client.GetAllAsync("/v1/alerts?tenant=acme");
            if (kinds.All(k => alerts.Any(a => a.Text("ruleKind") == k)) || DateTime.UtcNow > deadline)
                return alerts;
            await Task.Delay(100);
        }
    }
}
