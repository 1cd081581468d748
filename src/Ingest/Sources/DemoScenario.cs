using System.Globalization;
using System.Text.Json.Nodes;

namespace Lepton.Monitor.Ingest;

/// <summary>
/// What the demo stream does to generated records so a newcomer sees drift and fairness alerts: every record gets an
/// <c>ageBand</c> sensitive attribute; one band is alerted more often (some of its records become large cash); and after
/// <see cref="DemoOptions.DriftAfter"/> every amount is multiplied by <see cref="DemoOptions.AmountShift"/>. A plain,
/// deterministic function of (line, index), tested without a host; the demo's 20 records/s make JSON rewriting cheap.
/// </summary>
public sealed class DemoScenario(DemoOptions options)
{
    public static readonly string[] AgeBands = ["18-24", "25-34", "35-49", "50-64", "65+"];

    /// <summary>The record with the scenario applied (unchanged when <see cref="DemoOptions.Drift"/> is off).</summary>
    public byte[] Apply(ReadOnlySpan<byte> line, long index, bool drifting)
    {
        if (!options.Drift)
            return line.ToArray();
        var record = JsonNode.Parse(line)!.AsObject();
        var band = AgeBands[(int)(index % AgeBands.Length)];
        var attributes = record["attributes"] as JsonObject ?? new JsonObject();
        attributes["ageBand"] = band;
        record["attributes"] = attributes;

        if (band == options.BiasedGroup && Fraction(index) < options.BiasedViolationRate)
        {
            record["channel"] = "cash";
            record["currency"] = "USD";
            record["amount"] = 25_000m;
        }
        else if (drifting && record["amount"] is JsonValue amount)
        {
            record["amount"] = Math.Round(amount.GetValue<decimal>() * (decimal)options.AmountShift, 2);
        }
        return System.Text.Encoding.UTF8.GetBytes(record.ToJsonString());
    }

    // A stable pseudo-random fraction of the index, so the biased share does not alias with the band rotation.
    private static double Fraction(long index)
    {
        var x = (ulong)index * 0x9E3779B97F4A7C15UL;
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 32;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"drift {(options.Drift ? "on" : "off")}, after {options.DriftAfter}, amounts ×{options.AmountShift}, biased group {options.BiasedGroup} at {options.BiasedViolationRate:P0}");
}
