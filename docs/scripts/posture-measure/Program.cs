// Measures the figures quoted in docs/posture-methodology.md (sampler, release, posture, audit bundle). Not a test.
using System.Diagnostics;
using Lepton.Monitor.Compliance.Exports;
using Lepton.Monitor.Compliance.PeerBenchmarks;
using Lepton.Monitor.Compliance.Posture;
using Lepton.Monitor.Storage;

var sampler = new DiscreteLaplaceSampler(new SecureRandomIntegers());
foreach (var (sens, eps) in new[] { (1L, 100_000L), (5000L, 100_000L) })
{
    for (var round = 0; round < 2; round++)
    {
        var sw = Stopwatch.StartNew();
        const int n = 1_000_000;
        long acc = 0;
        for (var i = 0; i < n; i++) acc += sampler.Noise(sens, eps);
        sw.Stop();
        if (round == 1) Console.WriteLine($"noise(sensitivity {sens}, eps {eps / 1e6}): {n / sw.Elapsed.TotalSeconds:N0} draws/s (secure RNG)");
    }
}
var seeded = new DiscreteLaplaceSampler(new SeededRandomIntegers(1));
{
    var sw = Stopwatch.StartNew(); const int n = 1_000_000; long acc = 0;
    for (var i = 0; i < n; i++) acc += seeded.Noise(1, 100_000);
    Console.WriteLine($"noise(1, 0.1) seeded: {n / sw.Elapsed.TotalSeconds:N0} draws/s");
}
var activity = Enumerable.Range(0, 10_000).Select(i => new TenantRuleActivity($"t{i}", 100_000, i % 700)).ToList();
{
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < 100; i++) PeerBenchmarkReleaser.Release("threshold", "2026-12-04", DateTimeOffset.UtcNow, activity, new PeerBenchmarkOptions(), sampler);
    Console.WriteLine($"release over 10,000 tenants: {sw.Elapsed.TotalMilliseconds / 100:F2} ms");
}
{
    var data = new PostureDataPoints { PeriodRecords = 100_000, PepShare = 0.02m, CashShare = 0.4m, CountryExposure = new Dictionary<string, decimal> { ["DE"] = 0.5m, ["HT"] = 0.5m } };
    var alerts = new Dictionary<string, long> { ["threshold"] = 10, ["structuring"] = 400 };
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < 100_000; i++) PostureCalculator.Assess("a", "EU", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, data, alerts, new ControlInputs(3, 0.1m, 1, 0), PostureWeights.Default, []);
    Console.WriteLine($"PostureCalculator.Assess: {sw.Elapsed.TotalMicroseconds / 100_000:F1} µs each");
}
var folder = Path.Combine(Path.GetTempPath(), "postmeasure-" + Guid.NewGuid().ToString("N"));
using (var db = LeptonDatabase.Open(folder, createIfEmpty: true))
{
    var audit = new SqliteAuditLog(db);
    for (var i = 0; i < 10_000; i++)
        await audit.AppendAsync(new AuditEvent("key", i % 2 == 0 ? "acme" : "other", "alert.acknowledged", $"al-{i}", new { version = i, note = "measured" }));
    foreach (var scope in new string?[] { "acme", null })
    {
        var sw = Stopwatch.StartNew();
        using var buffer = new MemoryStream();
        var v = scope is null ? await audit.VerifyAsync() : await audit.VerifyForTenantAsync(scope);
        await AuditBundleWriter.WriteAsync(buffer, scope, AuditorExportReader.AuditAsync(audit, scope), v, DateTimeOffset.UtcNow);
        var write = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        var r = AuditBundleVerifier.Verify(new MemoryStream(buffer.ToArray()));
        Console.WriteLine($"audit bundle {(scope ?? "all")}: {r.Entries} entries, {buffer.Length / 1024.0:F0} KiB, written (with server verify) in {write:F0} ms, verified offline in {sw.Elapsed.TotalMilliseconds:F0} ms, valid={r.Valid}");
    }
}
Directory.Delete(folder, true);
