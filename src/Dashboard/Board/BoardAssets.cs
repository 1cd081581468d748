using System.Collections.Frozen;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Lepton.Monitor.Dashboard.Board;

/// <summary>
/// The board's files (wwwroot/, embedded in this assembly at build time): read once, with a gzip copy and an ETag,
/// so the board is served the same from any working directory or published folder, and with no network.
/// </summary>
public sealed class BoardAssets
{
    private const string Prefix = "wwwroot/";
    private readonly FrozenDictionary<string, BoardAsset> _assets;

    public BoardAssets() : this(typeof(BoardAssets).Assembly)
    {
    }

    public BoardAssets(Assembly assembly)
    {
        var assets = new Dictionary<string, BoardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
                continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var path = name[Prefix.Length..];
            assets[path] = BoardAsset.Create(path, buffer.ToArray());
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Paths relative to wwwroot, e.g. <c>js/app.js</c>.</summary>
    public IEnumerable<string> Paths => _assets.Keys;

    public bool TryGet(string path, out BoardAsset asset) => _assets.TryGetValue(path, out asset!);
}

/// <summary>One served file: its bytes, a gzip copy when that is smaller, its content type and a strong ETag.</summary>
public sealed record BoardAsset(string Path, byte[] Content, byte[]? Gzip, string ContentType, string ETag)
{
    public static BoardAsset Create(string path, byte[] content)
    {
        var type = ContentTypeOf(path);
        byte[]? gzip = null;
        if (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("javascript") || type.Contains("json") || type.Contains("svg"))
        {
            using var output = new MemoryStream();
            using (var zip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
                zip.Write(content);
            if (output.Length < content.Length)
                gzip = output.ToArray();
        }
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
        return new BoardAsset(path, content, gzip, type, etag);
    }

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".json" => "application/json",
        ".txt" or ".md" or "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
