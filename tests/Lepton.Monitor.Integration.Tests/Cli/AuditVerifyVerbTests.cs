using System.Text.Json.Nodes;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>`lepton audit-verify` on a stopped product's data folder: 0 when the chain holds, 1 with the broken entry when not.</summary>
public sealed class AuditVerifyVerbTests
{
    [Fact]
    public async Task A_valid_chain_exits_0_and_an_edited_entry_exits_1_naming_it()
    {
        using var dir = new TempFolder();
        using (var db = LeptonDatabase.Open(dir.Path))
        {
            var log = new SqliteAuditLog(db);
            for (var i = 0; i < 3; i++)
                await log.AppendAsync(new AuditEvent("key", "acme", "tenant.updated", "tenant/acme", new { i }));
        }

        var (code, output, _) = await LeptonCommandLineTests.RunAsync("audit-verify", "--data", dir.Path, "--output", "json");
        Assert.Equal(0, code);
        var result = JsonNode.Parse(output)!;
        Assert.True(result["valid"]!.GetValue<bool>());
        Assert.Equal(3, result["entries"]!.GetValue<long>());

        using (var db = LeptonDatabase.Open(dir.Path))
            await db.WriteAsync((c, t) =>
            {
                using var tamper = c.CreateCommand();
                tamper.Transaction = t;
                tamper.CommandText = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2;";
                tamper.ExecuteNonQuery();
            });

        (code, output, _) = await LeptonCommandLineTests.RunAsync("audit-verify", "--data", dir.Path, "--output", "json");
        Assert.Equal(1, code);
        result = JsonNode.Parse(output)!;
        Assert.False(result["valid"]!.GetValue<bool>());
        Assert.Equal(2, result["firstInvalidSeq"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_folder_without_a_database_is_a_usage_error()
    {
        using var dir = new TempFolder();
        var (code, _, err) = await LeptonCommandLineTests.RunAsync("audit-verify", "--data", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains("no lepton.db", err);
        Assert.False(File.Exists(Path.Combine(dir.Path, "lepton.db")));
    }
}
