using System.Globalization;

namespace Lepton.Monitor.Silo.Load;

/// <summary>Reads a metric from a Prometheus text scrape: the sum of its series (null when absent).</summary>
public static class PrometheusText
{
    public static double? Sum(string scrape, string name)
    {
        double? total = null;
        foreach (var raw in scrape.AsSpan().EnumerateLines())
        {
            var line = raw.TrimStart();
            if (!line.StartsWith(name, StringComparison.Ordinal) || (line.Length > name.Length && line[name.Length] is not (' ' or '{')))
                continue;
            // "name{labels} value [timestamp]": the value is the first field after the labels.
            var rest = line.IndexOf('}') is var close and >= 0 ? line[(close + 1)..] : line[name.Length..];
            rest = rest.TrimStart();
            var space = rest.IndexOf(' ');
            var value = space >= 0 ? rest[..space] : rest;
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                total = (total ?? 0) + v;
        }
        return total;
    }

    /// <summary>The first of <paramref name="names"/> the scrape has.</summary>
    public static double? First(string scrape, params string[] names)
    {
        foreach (var name in names)
        {
            if (Sum(scrape, name) is { } v)
                return v;
        }
        return null;
    }
}
