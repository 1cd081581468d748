using System.Globalization;

namespace Lepton.Monitor.DeviceCheck;

/// <summary>The device check's rows as one Markdown table, in the order they were measured.</summary>
public sealed class CheckTable(IReadOnlyList<CheckRow> rows)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Write(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("| stage | model | backend | batch | rows/s | max abs Δ vs ONNX Runtime CPU | result |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var result = r.Difference is null ? r.Note : (r.Failed ? "FAILED" : "passed") + string.Create(Inv, $" (≤ {r.Tolerance:G1})");
            output.WriteLine(string.Create(Inv,
                $"| {r.Stage} | {r.Model} | {r.Backend} | {(r.Batch is { } b ? b.ToString("N0", Inv) : "")} | {(r.RowsPerSecond is { } v ? Rate(v) : "")} | {(r.Difference is { } d ? d.ToString("G3", Inv) : "")} | {result} |"));
        }
    }

    public static string Rate(double perSecond) => perSecond >= 1e6 ? (perSecond / 1e6).ToString("0.00", Inv) + "M" : perSecond.ToString("N0", Inv);
}
