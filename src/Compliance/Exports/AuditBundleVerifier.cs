using System.IO.Compression;
using System.Text.Json;
using Lepton.Monitor.Storage;

namespace Lepton.Monitor.Compliance.Exports;

/// <summary>
/// The bundle check of README.md/verify.py in C#, from the zip alone (no database): every entry's hash recomputed, seqs
/// ascending, and for a whole-log bundle the links and the absence of gaps; the last hash against chain.json, and for a
/// tenant bundle against the server's headHash in verify.txt.
/// </summary>
public static class AuditBundleVerifier
{
    public sealed record Result(bool Valid, long Entries, string? Reason);

    public static Result Verify(Stream zipStream)
    {
        using var zip = new ZipArchive(zipStream, ZipArchiveMode.Read, leaveOpen: true);
        var chain = JsonSerializer.Deserialize<AuditBundleChain>(Text(zip, AuditBundleWriter.ChainFile), AuditBundleWriter.Json)!;
        var server = JsonSerializer.Deserialize<AuditVerification>(Text(zip, AuditBundleWriter.VerifyFile), JsonSerializerOptions.Web)!;
        var whole = chain.Scope == "all";
        var previousHash = chain.Genesis;
        long previousSeq = 0, count = 0;
        string? last = null;
        foreach (var line in Text(zip, AuditBundleWriter.EntriesFile).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var e = JsonSerializer.Deserialize<AuditBundleEntry>(line, AuditBundleWriter.Json)!;
            if (e.Seq <= previousSeq)
                return new(false, count, $"entry {e.Seq}: out of order");
            if (whole && e.Seq != previousSeq + 1)
                return new(false, count, $"entry {previousSeq + 1} is missing");
            if (whole && e.PreviousHash != previousHash)
                return new(false, count, $"entry {e.Seq} does not link to the hash before it");
            var hash = Convert.ToHexStringLower(AuditHash.Compute(Convert.FromHexString(e.PreviousHash), e.Seq, e.AtTicks, e.Actor, e.Tenant, e.Action, e.Target, e.Details));
            if (hash != e.Hash)
                return new(false, count, $"entry {e.Seq} was altered: its content no longer matches its hash");
            previousHash = e.Hash;
            previousSeq = e.Seq;
            last = e.Hash;
            count++;
        }
        if (last != chain.LastHash)
            return new(false, count, "the last entry is not the one chain.json names (entries removed from the end?)");
        if (!server.Valid)
            return new(false, count, $"the server reported the chain broken at export time: {server.Reason}");
        if (!whole && last is not null && last != server.HeadHash)
            return new(false, count, "the last entry's hash differs from the server's headHash for this tenant");
        return new(true, count, null);
    }

    private static string Text(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"the bundle has no {name}");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
