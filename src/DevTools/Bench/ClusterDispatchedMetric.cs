using System.Globalization;

namespace Lepton.Monitor.DevTools.Bench;

/// <summary>
/// Reads lepton_ingest_dispatched_total (records acknowledged by their monitor grains) from a Prometheus scrape: the
/// sum over all its series, since the exporter may split a counter by attributes.
/// </summary>
public static class ClusterDispatchedMetric
{
    public const string Name = "lepton_ingest_dispatched_total";

    public static double Parse(string scrape)
    {
        double total = 0;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(Name, StringComparison.Ordinal) || (line.Length > Name.Length && line[Name.Length] is not (' ' or '{')))
                continue;
            // "name{labels} value [timestamp]": the value is the first field after the labels.
            var afterLabels = line.IndexOf('}') is var close and >= 0 ? line[(close + 1)..] : line[Name.Length..];
            var fields = afterLabels.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                total += value;
        }
        return total;
    }
}
