using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>
/// Writes the audit trail as a zip a third party can verify offline: entries.jsonl (one <see cref="AuditBundleEntry"/>
/// per line, seq order), chain.json (<see cref="AuditBundleChain"/>), verify.txt (the server's audit-verify result at
/// export time, as `lepton audit-verify` prints it), verify.py (a dependency-free checker) and README.md (the rule).
/// </summary>
public static class AuditBundleWriter
{
    public const string EntriesFile = "entries.jsonl";
    public const string ChainFile = "chain.json";
    public const string VerifyFile = "verify.txt";
    public const string ScriptFile = "verify.py";
    public const string ReadmeFile = "README.md";

    /// <summary>Web JSON with relaxed escaping: non-ASCII text stays readable in entries.jsonl (any JSON parser reads it).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<AuditBundleChain> WriteAsync(
        Stream output, string? tenant, IAsyncEnumerable<AuditEntry> entries, AuditVerification verification, DateTimeOffset generatedAt, CancellationToken ct = default)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        long count = 0;
        long? first = null, last = null;
        string? lastHash = null;
        var stamp = generatedAt;
        var entriesEntry = zip.CreateEntry(EntriesFile, CompressionLevel.Optimal);
        entriesEntry.LastWriteTime = stamp;
        await using (var stream = entriesEntry.Open())
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            await foreach (var entry in entries.WithCancellation(ct))
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(AuditBundleEntry.From(entry), Json));
                count++;
                first ??= entry.Seq;
                last = entry.Seq;
                lastHash = entry.Hash;
            }
        }
        var chain = new AuditBundleChain(tenant is null ? "all" : "tenant", tenant, generatedAt, count, first, last, lastHash,
            "hash = SHA-256(previousHash bytes ‖ UTF-8(seq \\n atTicks \\n actor \\n tenant-or-empty \\n action \\n target \\n details)), hex lower-case",
            Convert.ToHexStringLower(AuditHash.Genesis), verification);
        Add(zip, ChainFile, JsonSerializer.Serialize(chain, new JsonSerializerOptions(Json) { WriteIndented = true }), stamp);
        Add(zip, VerifyFile, VerifyText(verification), stamp);
        Add(zip, ScriptFile, AuditBundleText.Script, stamp);
        Add(zip, ReadmeFile, AuditBundleText.Readme(tenant), stamp);
        return chain;
    }

    private static string VerifyText(AuditVerification v) =>
        JsonSerializer.Serialize(v, JsonSerializerOptions.Web) + "\n";

    private static void Add(ZipArchive zip, string name, string text, DateTimeOffset stamp)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = stamp;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
