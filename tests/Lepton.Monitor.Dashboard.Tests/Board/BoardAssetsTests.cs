using Lepton.Monitor.Dashboard.Board;

namespace Lepton.Monitor.Dashboard.Tests.Board;

/// <summary>The embedded files are exactly the repository's wwwroot, and the board references only files it has.</summary>
public sealed class BoardAssetsTests
{
    private static string Wwwroot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(dir!.FullName, "Lepton.Monitor.sln")))
                dir = dir.Parent;
            return Path.Combine(dir.FullName, "src", "Dashboard", "wwwroot");
        }
    }

    [Fact]
    public void Every_file_under_wwwroot_is_embedded_with_its_bytes()
    {
        var assets = new BoardAssets();
        var files = Directory.GetFiles(Wwwroot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Wwwroot, f).Replace('\\', '/')).Order().ToArray();

        Assert.Equal(files, assets.Paths.Order().ToArray());
        foreach (var file in files)
        {
            Assert.True(assets.TryGet(file, out var asset));
            Assert.Equal(File.ReadAllBytes(Path.Combine(Wwwroot, file)), asset.Content);
        }
    }

    [Fact]
    public void Every_module_import_and_page_reference_names_an_embedded_file()
    {
        var assets = new BoardAssets();
        var missing = new List<string>();
        foreach (var path in assets.Paths.Where(p => p.EndsWith(".js") || p.EndsWith(".html")))
        {
            assets.TryGet(path, out var asset);
            var text = System.Text.Encoding.UTF8.GetString(asset.Content);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, """(?:from\s+|import\s*\(\s*|src=|href=)["']([^"']+)["']"""))
            {
                var target = m.Groups[1].Value;
                if (target.StartsWith("/ui/"))
                    target = target[4..];
                else if (target.StartsWith('.'))
                    target = Path.GetFullPath(Path.Combine("/", Path.GetDirectoryName(path)!, target))[1..];
                else
                    continue; // page routes ("/", "/monitor") and in-app links
                if (!assets.TryGet(target, out _))
                    missing.Add($"{path} → {m.Groups[1].Value}");
            }
        }
        Assert.Empty(missing);
    }

    [Fact]
    public void Text_files_have_a_smaller_gzip_copy_and_a_strong_etag()
    {
        var asset = BoardAsset.Create("js/x.js", System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("export const a = 1;\n", 50))));
        Assert.NotNull(asset.Gzip);
        Assert.True(asset.Gzip!.Length < asset.Content.Length);
        Assert.Equal("text/javascript; charset=utf-8", asset.ContentType);
        Assert.Matches("^\"[0-9a-f]{24}\"$", asset.ETag);
    }

    /// <summary>The budget (docs/dashboard.md has the measured figure): about 100 KB of JavaScript, gzipped.</summary>
    [Fact]
    public void The_board_ships_at_most_100_KB_of_gzipped_JavaScript()
    {
        var assets = new BoardAssets();
        var js = assets.Paths.Where(p => p.EndsWith(".js", StringComparison.Ordinal)).ToArray();
        var gzipped = js.Sum(p => { assets.TryGet(p, out var a); return (long)(a.Gzip ?? a.Content).Length; });

        Assert.Contains("js/app.js", js);
        Assert.True(gzipped <= 100 * 1024, $"{gzipped / 1024.0:F1} KB of gzipped JavaScript in {js.Length} files");
    }
}
