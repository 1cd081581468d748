using System.Text.Json;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Silo.Cli;

/// <summary>`lepton audit-verify`: recompute the audit log's hash chain in a data folder (offline; the product must be stopped).</summary>
public sealed class AuditVerifyVerb : IVerb
{
    public string Name => "audit-verify";
    public string Summary => "verify the hash chain of the audit log in a data folder (exit 0 valid, 1 broken)";
    public string Usage => """
        usage: lepton audit-verify [--data PATH]

        Opens PATH/lepton.db (default: Lepton:DataPath's default ./data), recomputes every audit entry's SHA-256
        chain and prints {"valid", "entries", "firstInvalidSeq", "reason", "headHash"} as JSON. Exit code 0 when the
        chain holds, 1 when an entry was altered, removed or reordered, 2 on bad arguments. The running product
        answers the same question at GET /v1/audit/verify; this verb is for a stopped one or a copied folder.
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var a = new ArgReader(args, "data");
        var path = Path.GetFullPath(a.String("data", "./data")!);
        if (!File.Exists(Path.Combine(path, LeptonDatabase.FileName)))
            throw new ArgumentException($"--data: no {LeptonDatabase.FileName} in {path}");
        using var db = LeptonDatabase.Open(path);
        var result = await new SqliteAuditLog(db).VerifyAsync();
        Console.WriteLine(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
        return result.Valid ? 0 : 1;
    }
}
