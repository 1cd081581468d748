using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Lepton.Monitor.Integration.Tests.HotPath;

/// <summary>
/// Named sections of canonical lines, their SHA-256 digests, and the comparison against the golden file recorded from
/// the code before issue 18's optimisations (commit 28b52e0): on a mismatch the message names the first line that differs.
/// </summary>
internal sealed class GoldenSections
{
    private const string Header = "## ";
    private readonly Dictionary<string, List<string>> _sections = new(StringComparer.Ordinal);

    public List<string> this[string name] => _sections.TryGetValue(name, out var lines) ? lines : _sections[name] = [];

    /// <summary>SHA-256 of the section's lines, each followed by a newline, in lower-case hex.</summary>
    public string Digest(string name) => Digest(this[name]);

    public static string Digest(IEnumerable<string> lines)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var line in lines)
            sha.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string Digest(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Every section but <paramref name="leaveOut"/> (too large to keep) as gzipped text: how a golden file is recorded.</summary>
    public void WriteGzip(string path, params string[] leaveOut)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var (name, lines) in _sections)
        {
            if (leaveOut.Contains(name))
                continue;
            writer.WriteLine(Header + name);
            foreach (var line in lines)
                writer.WriteLine(line);
        }
    }

    public static GoldenSections ReadGzip(string path)
    {
        var golden = new GoldenSections();
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        List<string>? current = null;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith(Header, StringComparison.Ordinal))
                current = golden[line[Header.Length..]];
            else
                current?.Add(line);
        }
        return golden;
    }

    /// <summary>
    /// Null when <paramref name="name"/> hashes to <paramref name="expectedDigest"/>; else what differs: the counts, and the
    /// first differing line against <paramref name="golden"/> — of section <paramref name="detail"/> when given (a short
    /// stand-in for a section too large to keep, line for line), followed by the full line now.
    /// </summary>
    public string? Mismatch(string name, string expectedDigest, GoldenSections? golden, string? detail = null)
    {
        var actual = Digest(name);
        if (actual == expectedDigest)
            return null;
        var full = this[name];
        var lines = this[detail ?? name];
        var message = new StringBuilder($"section '{name}': digest {actual}, expected {expectedDigest} ({full.Count} lines now)");
        if (golden is not null && golden._sections.TryGetValue(detail ?? name, out var before))
        {
            message.Append($", {before.Count} lines before");
            var n = Math.Min(before.Count, lines.Count);
            var i = 0;
            while (i < n && before[i] == lines[i])
                i++;
            if (i < n)
                message.Append($"\nfirst difference at line {i + 1}:\n  before: {before[i]}\n  now:    {lines[i]}")
                    .Append(detail is not null && i < full.Count ? $"\n  now, in full: {full[i]}" : "");
            else
                message.Append($"\nthe first {n} lines agree; then {(lines.Count > n ? "now has more: " + lines[n] : "before had more: " + before[n])}");
        }
        return message.ToString();
    }
}
