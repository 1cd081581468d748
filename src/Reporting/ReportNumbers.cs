using System.Globalization;

namespace Lepton.Monitor.Reporting;

/// <summary>Number formats of the pages (invariant culture, so a report reads the same on every machine).</summary>
public static class ReportNumbers
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A compact label: up to 3 significant digits, k/M suffixes past 10,000; "—" for NaN.</summary>
    public static string Short(double v)
    {
        if (double.IsNaN(v)) return "—";
        var a = Math.Abs(v);
        if (a >= 10_000_000) return (v / 1_000_000).ToString("0.#", C) + "M";
        if (a >= 10_000) return (v / 1_000).ToString("0.#", C) + "k";
        if (a == 0 || a >= 100) return v.ToString("0.#", C);
        return v.ToString("G3", C);
    }

    /// <summary>A ratio to three decimals, "—" when null or NaN.</summary>
    public static string Ratio(double? v) => v is { } x && !double.IsNaN(x) ? x.ToString("0.000", C) : "—";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(long v) => v.ToString("N0", C);

    /// <summary>A statistic with 4 significant digits (scientific for tiny p-values); "—" for NaN.</summary>
    public static string Statistic(double v)
    {
        if (double.IsNaN(v)) return "—";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "−∞";
        return v != 0 && Math.Abs(v) < 1e-3 ? v.ToString("0.00E+0", C) : v.ToString("G4", C);
    }

    /// <summary>A measured figure with thousands separators and at most one decimal.</summary>
    public static string Figure(double v) => double.IsNaN(v) ? "—" : v.ToString(Math.Abs(v) >= 100 ? "N0" : "N1", C);
}
