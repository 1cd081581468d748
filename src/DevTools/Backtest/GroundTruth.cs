using System.Text.Json;

namespace Lepton.Monitor.DevTools.Backtest;

/// <summary>The generator's truth file: per record id, the planted kinds (<c>{"index","id","planted":[...],"invalid"}</c> per line).</summary>
public sealed class GroundTruth
{
    private GroundTruth(Dictionary<string, string[]> plantedById, int invalid)
    {
        PlantedById = plantedById;
        Invalid = invalid;
    }

    public IReadOnlyDictionary<string, string[]> PlantedById { get; }

    /// <summary>Lines the generator made invalid on purpose.</summary>
    public int Invalid { get; }

    public static GroundTruth Load(string path)
    {
        var planted = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var invalid = 0;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("invalid", out var bad) && bad.ValueKind == JsonValueKind.String)
                    invalid++;
                if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                    continue;
                var kinds = root.TryGetProperty("planted", out var p) && p.ValueKind == JsonValueKind.Array
                    ? p.EnumerateArray().Select(k => k.GetString()!).ToArray()
                    : [];
                planted[id.GetString()!] = kinds;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"truth file '{path}' line {lineNumber}: {e.Message}", e);
            }
        }
        return new GroundTruth(planted, invalid);
    }
}
