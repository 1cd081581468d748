using System.Xml.Linq;
using SkiaSharp;

namespace Lepton.Monitor.Integration.Tests.Cli;

/// <summary>A `--report DIR` page read back: well-formed (parsed as XML), self-contained, every chart a PNG that decodes.</summary>
internal static class ReportPageChecks
{
    private const string DataPng = "data:image/png;base64,";

    /// <summary>Parses the page, checks it loads nothing from anywhere and that each chart decodes to its declared size; returns it.</summary>
    public static XDocument Load(string indexPath)
    {
        var page = XDocument.Load(indexPath);
        Assert.Empty(page.Descendants("script"));
        Assert.Empty(page.Descendants("link"));
        var images = page.Descendants("img").ToList();
        Assert.NotEmpty(images);
        foreach (var img in images)
        {
            var src = (string)img.Attribute("src")!;
            Assert.StartsWith(DataPng, src);
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(src[DataPng.Length..]));
            Assert.NotNull(bitmap);
            Assert.Equal((int)img.Attribute("width")!, bitmap.Width);
            Assert.Equal((int)img.Attribute("height")!, bitmap.Height);
        }
        // Each chart is also a PNG file beside index.html, the same bytes as embedded.
        var embedded = images.Select(i => ((string)i.Attribute("src")!)[DataPng.Length..]).ToHashSet();
        var files = Directory.GetFiles(Path.GetDirectoryName(indexPath)!, "*.png");
        Assert.Equal(embedded.Count, files.Length);
        Assert.All(files, f => Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(f)), embedded));
        return page;
    }

    /// <summary>The cells' text of each body row of the table with this class.</summary>
    public static List<string[]> Rows(XDocument page, string tableClass) =>
        page.Descendants("table").Single(t => (string?)t.Attribute("class") == tableClass)
            .Element("tbody")!.Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();
}
