using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// The JSON card written beside a model (<c>name-version.card.json</c>): what the model reads and writes,
/// its ordered features, serving threshold, training data, held-out metrics and the baseline drift is measured against.
/// </summary>
public sealed record ModelCard
{
    public required string Name { get; init; }
    public required string Version { get; init; }

    /// <summary>Model family: "mlp" or "gbdt" (<see cref="ModelFamily"/>).</summary>
    public required string Family { get; init; }

    /// <summary>Graph input name (float32 [N, F]).</summary>
    public required string Input { get; init; }

    /// <summary>Graph output name (float32 [N, 1], probability of risk).</summary>
    public required string Output { get; init; }

    /// <summary>Feature names in input-column order.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Serving threshold: a score at or above it is a model hit.</summary>
    public required double Threshold { get; init; }

    public required ModelCardTraining Training { get; init; }
    public required ModelCardMetrics Metrics { get; init; }
    public required ModelCardBaseline Baseline { get; init; }

    /// <summary>The command that built the model.</summary>
    public required string CreatedBy { get; init; }

    public long IrVersion { get; init; }
    public long Opset { get; init; }

    /// <summary>ai.onnx.ml opset the graph imports (tree models); absent for graphs that use only the default domain.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long MlOpset { get; init; }

    /// <summary><c>name-version</c>, the identifier put on scores and alerts.</summary>
    [JsonIgnore]
    public string ModelId => $"{Name}-{Version}";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Where the card of <paramref name="onnxPath"/> lives: same folder, <c>.onnx</c> replaced by <c>.card.json</c>.</summary>
    public static string PathFor(string onnxPath) => Path.ChangeExtension(onnxPath, ".card.json");

    /// <summary>Parses card JSON; throws <see cref="JsonException"/> when it is not a complete card.</summary>
    public static ModelCard Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ModelCard>(json, JsonOptions) ?? throw new JsonException("the card is JSON null");

    public static ModelCard Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<ModelCard>(stream, JsonOptions)
                ?? throw new JsonException("the card is JSON null");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ModelLoadException(path, $"model card '{path}' could not be read: {e.Message}", e);
        }
    }

    public void Save(string path)
    {
        var json = JsonSerializer.Serialize(this, JsonOptions);
        File.WriteAllText(path, json.ReplaceLineEndings("\n") + "\n");
    }
}
