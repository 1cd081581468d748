using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Lepton.Monitor.Compliance.Exports;
using Lepton.Monitor.Compliance.Tests.Posture;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Tests.Exports;

/// <summary>The audit bundle from a real SQLite audit log, verified offline by the C# verifier and by the bundled verify.py.</summary>
public sealed class AuditBundleTests : IDisposable
{
    private readonly PostureTempStore _store = new();
    private readonly SqliteAuditLog _audit;

    public AuditBundleTests()
    {
        _audit = new SqliteAuditLog(_store.Db);
    }

    public void Dispose() => _store.Dispose();

    private async Task SeedAsync()
    {
        for (var i = 0; i < 5; i++)
        {
            await _audit.AppendAsync(new AuditEvent("key-a", "acme", "alert.acknowledged", $"al-{i}", new { note = $"a{i}", text = "ünïcode ✓" }));
            await _audit.AppendAsync(new AuditEvent("key-b", "other", "alert.resolved", $"bl-{i}", new { secret = "other's" }));
        }
        await _audit.AppendAsync(new AuditEvent("admin", null, "tenant.updated", "acme"));
    }

    private async Task<byte[]> BundleAsync(string? tenant)
    {
        using var zip = new MemoryStream();
        var verification = tenant is null ? await _audit.VerifyAsync() : await _audit.VerifyForTenantAsync(tenant);
        await AuditBundleWriter.WriteAsync(zip, tenant, AuditorExportReader.AuditAsync(_audit, tenant), verification, DateTimeOffset.UtcNow);
        return zip.ToArray();
    }

    [Fact]
    public async Task Tenant_bundle_holds_only_its_entries_and_verifies_offline()
    {
        await SeedAsync();
        var bundle = await BundleAsync("acme");

        var entries = Read(bundle, AuditBundleWriter.EntriesFile);
        Assert.Equal(5, entries.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("other's", entries, StringComparison.Ordinal);
        Assert.DoesNotContain("key-b", Encoding.UTF8.GetString(bundle.SelectMany(b => new[] { b }).ToArray()), StringComparison.Ordinal);
        Assert.Contains("\"valid\":true", Read(bundle, AuditBundleWriter.VerifyFile), StringComparison.Ordinal);
        Assert.Equal(new AuditBundleVerifier.Result(true, 5, null), AuditBundleVerifier.Verify(new MemoryStream(bundle)));
        Assert.Equal("ok: 5 entries verified (tenant acme)", RunPython(bundle, out var exit));
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task Whole_log_bundle_links_every_entry()
    {
        await SeedAsync();
        var bundle = await BundleAsync(null);
        Assert.Equal(new AuditBundleVerifier.Result(true, 11, null), AuditBundleVerifier.Verify(new MemoryStream(bundle)));
        Assert.Equal("ok: 11 entries verified (whole log)", RunPython(bundle, out var exit));
        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task An_altered_entry_fails_with_its_seq_named()
    {
        await SeedAsync();
        var tampered = Rewrite(await BundleAsync("acme"), lines => lines.Select(l => l.Replace("\"note\\\":\\\"a2\\\"", "\"note\\\":\\\"changed\\\"", StringComparison.Ordinal)));

        var result = AuditBundleVerifier.Verify(new MemoryStream(tampered));
        Assert.False(result.Valid);
        Assert.Equal("entry 5 was altered: its content no longer matches its hash", result.Reason);
        Assert.Equal("FAILED: entry 5 was altered: its content no longer matches its hash", RunPython(tampered, out var exit));
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task A_removed_entry_fails_in_a_whole_log_bundle()
    {
        await SeedAsync();
        var removed = Rewrite(await BundleAsync(null), lines => lines.Where(l => !l.StartsWith("{\"seq\":4,", StringComparison.Ordinal)));
        var result = AuditBundleVerifier.Verify(new MemoryStream(removed));
        Assert.Equal("entry 4 is missing", result.Reason);
        Assert.Equal("FAILED: entry 4 is missing", RunPython(removed, out _));
    }

    [Fact]
    public async Task Dropping_the_last_entry_of_a_tenant_bundle_fails()
    {
        await SeedAsync();
        var truncated = Rewrite(await BundleAsync("acme"), lines => lines.SkipLast(1));
        Assert.False(AuditBundleVerifier.Verify(new MemoryStream(truncated)).Valid);
    }

    private static string Read(byte[] bundle, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static byte[] Rewrite(byte[] bundle, Func<IEnumerable<string>, IEnumerable<string>> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(bundle), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                if (entry.Name == AuditBundleWriter.EntriesFile)
                    text = string.Join('\n', change(text.Split('\n', StringSplitOptions.RemoveEmptyEntries))) + "\n";
                using var writer = new StreamWriter(target.CreateEntry(entry.Name).Open());
                writer.Write(text);
            }
        }
        return output.ToArray();
    }

    /// <summary>Runs the bundle's own verify.py with the system Python 3, as a third party would.</summary>
    private static string RunPython(byte[] bundle, out int exitCode)
    {
        var path = Path.Combine(Path.GetTempPath(), "lepton-bundle-" + Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(path, bundle);
        var script = path + ".verify.py";
        File.WriteAllText(script, Read(bundle, AuditBundleWriter.ScriptFile));
        try
        {
            using var process = Process.Start(new ProcessStartInfo("python3", [script, path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            exitCode = process.ExitCode;
            return output.Trim();
        }
        finally
        {
            File.Delete(path);
            File.Delete(script);
        }
    }
}
