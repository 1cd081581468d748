using System.Xml;
using System.Xml.Linq;
using SkiaSharp;

namespace Lepton.Monitor.Reporting.Tests.Support;

/// <summary>A written report read back: the page parsed as XML (it must be well-formed) and checks that it is self-contained.</summary>
internal sealed class ReportPage
{
    private ReportPage(string path, XDocument document)
    {
        Path = path;
        Document = document;
    }

    public string Path { get; }
    public XDocument Document { get; }
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public static ReportPage Load(string indexPath)
    {
        var text = File.ReadAllText(indexPath);
        Assert.StartsWith("<!DOCTYPE html>", text);
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return new ReportPage(indexPath, XDocument.Load(reader));
    }

    public IEnumerable<XElement> All(string name) => Document.Descendants(name);

    public XElement Section(string id) => All("section").Single(s => (string?)s.Attribute("id") == id);

    /// <summary>The text of each body row's cells of the table with this class.</summary>
    public List<string[]> Rows(string tableClass) =>
        All("table").Single(t => (string?)t.Attribute("class") == tableClass)
            .Element("tbody")!.Elements("tr")
            .Select(tr => tr.Elements("td").Select(td => td.Elements("span").FirstOrDefault(s => (string?)s.Attribute("class") == "value")?.Value ?? td.Value).ToArray())
            .ToList();

    public string[] Headers(string tableClass) =>
        All("table").Single(t => (string?)t.Attribute("class") == tableClass).Element("thead")!.Descendants("th").Select(th => th.Value).ToArray();

    /// <summary>No script, no stylesheet link, no URL in any attribute or in the CSS: the page opens with the network off.</summary>
    public void AssertSelfContained()
    {
        Assert.Empty(All("script"));
        Assert.Empty(All("link"));
        Assert.Empty(All("iframe"));
        foreach (var attribute in Document.Descendants().Attributes())
        {
            Assert.DoesNotContain("http://", attribute.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("https://", attribute.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("//", attribute.Name == "src" ? attribute.Value[..Math.Min(attribute.Value.Length, 40)] : "");
        }
        foreach (var style in All("style"))
        {
            Assert.DoesNotContain("url(", style.Value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@import", style.Value, StringComparison.OrdinalIgnoreCase);
        }
        foreach (var img in All("img"))
            Assert.StartsWith("data:image/png;base64,", (string?)img.Attribute("src"));
    }

    /// <summary>Every img decodes to a PNG (signature, SkiaSharp decodes it, its size is the declared one); returns their sizes.</summary>
    public List<(int Width, int Height)> AssertImagesDecode()
    {
        var sizes = new List<(int, int)>();
        foreach (var img in All("img"))
        {
            var bytes = Convert.FromBase64String(((string)img.Attribute("src")!)["data:image/png;base64,".Length..]);
            AssertPng(bytes, (int)img.Attribute("width")!, (int)img.Attribute("height")!);
            Assert.False(string.IsNullOrWhiteSpace((string?)img.Attribute("alt")));
            sizes.Add(((int)img.Attribute("width")!, (int)img.Attribute("height")!));
        }
        return sizes;
    }

    public static void AssertPng(byte[] bytes, int width, int height)
    {
        Assert.True(bytes.Length > 100, $"PNG of {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        using var bitmap = SKBitmap.Decode(bytes);
        Assert.NotNull(bitmap);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        // Not a blank canvas: a chart has more than a handful of colours.
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 7)
            for (var x = 0; x < bitmap.Width; x += 7)
                colours.Add((uint)bitmap.GetPixel(x, y));
        Assert.True(colours.Count > 5, $"only {colours.Count} colours sampled");
    }

    /// <summary>The PNG files written beside index.html, each a decodable PNG identical to one embedded in the page.</summary>
    public string[] AssertPngFilesMatchEmbedded()
    {
        var embedded = All("img").Select(i => ((string)i.Attribute("src")!)["data:image/png;base64,".Length..]).ToHashSet();
        var files = System.IO.Directory.GetFiles(Directory, "*.png").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(embedded.Count, files.Length);
        foreach (var f in files)
            Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(System.IO.Path.Combine(Directory, f!))), embedded);
        return files!;
    }
}
