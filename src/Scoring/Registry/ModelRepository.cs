using System.Security.Cryptography;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// File-backed model store: imported models live in one folder as <c>{name}-{version}.onnx</c> + <c>.card.json</c>;
/// the models shipped in the app's <c>onnx/</c> folder are always listed too and cannot be replaced. An import is
/// validated first, then written to temporary files and renamed into place (card first, model last), so a reader
/// never sees a half-written model and a crash leaves at most an orphan card that the next import overwrites.
/// Ids are immutable: the same id with different bytes is refused. Thread-safe within a process.
/// </summary>
public sealed class ModelRepository
{
    private readonly string? _shippedDirectory;
    private readonly ModelValidator _validator;
    private readonly Lock _gate = new();

    /// <param name="modelsDirectory">Imported models, e.g. <c>{dataPath}/models</c>; created when missing.</param>
    /// <param name="shippedDirectory">Models shipped with the app (default <see cref="DefaultShippedDirectory"/>); null for none.</param>
    public ModelRepository(string modelsDirectory, string? shippedDirectory, ModelValidator? validator = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelsDirectory);
        ModelsDirectory = Path.GetFullPath(modelsDirectory);
        Directory.CreateDirectory(ModelsDirectory);
        _shippedDirectory = shippedDirectory is null ? null : Path.GetFullPath(shippedDirectory);
        _validator = validator ?? new ModelValidator();
    }

    /// <summary>The app's <c>onnx/</c> folder (the Scoring project copies the shipped models there).</summary>
    public static string DefaultShippedDirectory => Path.Combine(AppContext.BaseDirectory, "onnx");

    public string ModelsDirectory { get; }

    /// <summary>Shipped models, then imported ones, each ordered by id.</summary>
    public IReadOnlyList<StoredModel> List()
    {
        var models = new List<StoredModel>();
        if (_shippedDirectory is not null)
            models.AddRange(Scan(_shippedDirectory, shipped: true));
        var shippedIds = models.Select(m => m.ModelId).ToHashSet(StringComparer.Ordinal);
        models.AddRange(Scan(ModelsDirectory, shipped: false).Where(m => !shippedIds.Contains(m.ModelId)));
        return models;
    }

    /// <summary>The model with id <c>name-version</c>, or null.</summary>
    public StoredModel? Find(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (_shippedDirectory is not null && TryLoad(_shippedDirectory, modelId, shipped: true) is { } shipped)
            return shipped;
        return TryLoad(ModelsDirectory, modelId, shipped: false);
    }

    /// <summary>The .onnx path of <paramref name="modelId"/> (its card beside it), or null when there is no such model.</summary>
    public string? GetPath(string modelId) => Find(modelId)?.OnnxPath;

    /// <summary>Validates and stores a model; never throws for a bad upload (see <see cref="ModelImportResult"/>).</summary>
    public ModelImportResult Import(byte[] onnx, byte[] cardJson)
    {
        var validation = _validator.Validate(onnx, cardJson);
        if (!validation.IsValid)
            return new ModelImportResult(ModelImportStatus.Invalid, null, validation.Reason);
        var card = validation.Card!;
        var id = card.ModelId;

        lock (_gate)
        {
            if (Find(id) is { } existing)
            {
                var same = existing.Sha256 == Sha256Of(onnx) && File.ReadAllBytes(existing.CardPath).AsSpan().SequenceEqual(cardJson);
                return same
                    ? new ModelImportResult(ModelImportStatus.AlreadyPresent, existing, null)
                    : new ModelImportResult(ModelImportStatus.Conflict, existing,
                        $"model {id} already exists{(existing.Shipped ? " (shipped with the app)" : "")} with different bytes; publish it under a new version.");
            }

            var onnxPath = Path.Combine(ModelsDirectory, id + ".onnx");
            var cardPath = ModelCard.PathFor(onnxPath);
            var stamp = Guid.NewGuid().ToString("N");
            var tempOnnx = Path.Combine(ModelsDirectory, $".{id}.{stamp}.onnx.tmp");
            var tempCard = Path.Combine(ModelsDirectory, $".{id}.{stamp}.card.tmp");
            try
            {
                WriteDurably(tempOnnx, onnx);
                WriteDurably(tempCard, cardJson);
                File.Move(tempCard, cardPath, overwrite: true); // an orphan card from a crashed import may be there
                File.Move(tempOnnx, onnxPath, overwrite: false);
            }
            finally
            {
                File.Delete(tempOnnx);
                File.Delete(tempCard);
            }
            return new ModelImportResult(ModelImportStatus.Imported, new StoredModel(id, onnxPath, cardPath, card, Shipped: false, Sha256Of(onnx)), null);
        }
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static IEnumerable<StoredModel> Scan(string directory, bool shipped)
    {
        if (!Directory.Exists(directory))
            return [];
        return Directory.EnumerateFiles(directory, "*.onnx")
            .Select(path => TryLoad(directory, Path.GetFileNameWithoutExtension(path), shipped))
            .OfType<StoredModel>()
            .OrderBy(m => m.ModelId, StringComparer.Ordinal)
            .ToList();
    }

    private static StoredModel? TryLoad(string directory, string modelId, bool shipped)
    {
        if (modelId.Length == 0 || modelId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || modelId.StartsWith('.'))
            return null;
        var onnxPath = Path.Combine(directory, modelId + ".onnx");
        var cardPath = ModelCard.PathFor(onnxPath);
        if (!File.Exists(onnxPath) || !File.Exists(cardPath))
            return null;
        try
        {
            var card = ModelCard.Load(cardPath);
            return card.ModelId == modelId ? new StoredModel(modelId, onnxPath, cardPath, card, shipped, Sha256Of(File.ReadAllBytes(onnxPath))) : null;
        }
        catch (ModelLoadException)
        {
            return null; // unreadable card: not a servable model
        }
    }

    private static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
