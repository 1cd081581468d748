using ScottPlot;

namespace Lepton.Monitor.Reporting.Charts;

/// <summary>Colours, size and font shared by the charts, so the pages look like one product.</summary>
internal static class ChartStyle
{
    public const int Width = 900;
    public const int Height = 420;

    // DejaVu Sans ships with the Debian images the product and CI run on; ScottPlot falls back to its default otherwise.
    public const string Font = "DejaVu Sans";

    public static readonly Color Negative = Color.FromHex("#6b8fd6");
    public static readonly Color Positive = Color.FromHex("#d9534f");
    public static readonly Color Reference = Color.FromHex("#8a94a6");
    public static readonly Color Current = Color.FromHex("#f28c28");
    public static readonly Color Primary = Color.FromHex("#2f6fdf");
    public static readonly Color Secondary = Color.FromHex("#16a085");
    public static readonly Color Target = Color.FromHex("#c62828");
    public static readonly Color Met = Color.FromHex("#2e9e4f");

    public static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(Font);
        plot.Title(title, size: 16);
        plot.Grid.MajorLineColor = Color.FromHex("#e3e6ec");
        return plot;
    }

    public static ChartImage Render(Plot plot, string fileName, string caption, int width = Width, int height = Height) =>
        new(fileName, caption, plot.GetImageBytes(width, height, ImageFormat.Png), width, height);
}
