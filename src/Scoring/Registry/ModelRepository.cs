using System.Security.Cryptography;

namespace Lepton.Monitor.Scoring;

/// <summary>
/// File-backed model store: imported models live in one folder as <c>{name}-{version}.onnx</c> + <c>.card.json</c>;
/// the models shipped in the app's <c>onnx/</c> folder are always listed too and cannot be replaced. An import is
/// validated first, then written to temporary files and renamed into place (card first, model last), so a reader
/// never sees a half-written model and a crash leaves at most an orphan card that the next import overwrites.
/// Ids are immutable: the same id with different bytes is refused. Thread-safe within a process.
/// A tenant-scoped upload belongs to that tenant: it is stored under <c>tenants/{tenant}/</c> and only that tenant
/// (and the global catalog's readers with that tenant in scope) sees it. Ids stay unique across the whole store, so
/// the scoring pool can key services by id; models stored before tenancy sit at the top level and stay global.
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

    /// <summary>Shipped models, then global imports, then <paramref name="tenant"/>'s own (when given), each ordered by id.</summary>
    public IReadOnlyList<StoredModel> List(string? tenant = null)
    {
        var models = new List<StoredModel>();
        if (_shippedDirectory is not null)
            models.AddRange(Scan(_shippedDirectory, shipped: true, owner: null));
        var seen = models.Select(m => m.ModelId).ToHashSet(StringComparer.Ordinal);
        models.AddRange(Scan(ModelsDirectory, shipped: false, owner: null).Where(m => seen.Add(m.ModelId)));
        if (tenant is not null && TenantDirectory(tenant) is { } own)
            models.AddRange(Scan(own, shipped: false, owner: tenant).Where(m => seen.Add(m.ModelId)));
        return models;
    }

    /// <summary>The model with id <c>name-version</c> that <paramref name="tenant"/> may use (global, or its own), or null.</summary>
    public StoredModel? Find(string modelId, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (FindGlobal(modelId) is { } global)
            return global;
        return tenant is not null && TenantDirectory(tenant) is { } own ? TryLoad(own, modelId, shipped: false, owner: tenant) : null;
    }

    /// <summary>The model with that id in any catalog (global or any tenant's), or null: what the silo can load.</summary>
    public StoredModel? FindAnywhere(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (FindGlobal(modelId) is { } global)
            return global;
        var tenants = Path.Combine(ModelsDirectory, TenantsFolder);
        if (!Directory.Exists(tenants))
            return null;
        foreach (var folder in Directory.EnumerateDirectories(tenants))
            if (TryLoad(folder, modelId, shipped: false, owner: Path.GetFileName(folder)) is { } owned)
                return owned;
        return null;
    }

    /// <summary>The .onnx path of <paramref name="modelId"/> in any catalog (its card beside it), or null when there is no such model.</summary>
    public string? GetPath(string modelId) => FindAnywhere(modelId)?.OnnxPath;

    private const string TenantsFolder = "tenants";

    private StoredModel? FindGlobal(string modelId)
    {
        if (_shippedDirectory is not null && TryLoad(_shippedDirectory, modelId, shipped: true, owner: null) is { } shipped)
            return shipped;
        return TryLoad(ModelsDirectory, modelId, shipped: false, owner: null);
    }

    /// <summary>The folder of a tenant's own models; null for a tenant id that is not safe as a folder name.</summary>
    private string? TenantDirectory(string tenant) =>
        tenant.Length is > 0 and <= 100 && !tenant.StartsWith('.') && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? Path.Combine(ModelsDirectory, TenantsFolder, tenant)
            : null;

    /// <summary>
    /// Validates and stores a model in the global catalog, or in <paramref name="tenant"/>'s own when given; never
    /// throws for a bad upload (see <see cref="ModelImportResult"/>).
    /// </summary>
    public ModelImportResult Import(byte[] onnx, byte[] cardJson, string? tenant = null)
    {
        var directory = ModelsDirectory;
        if (tenant is not null)
            directory = TenantDirectory(tenant) ?? throw new ArgumentException($"tenant '{tenant}' cannot own models (unsafe as a folder name)", nameof(tenant));
        var validation = _validator.Validate(onnx, cardJson);
        if (!validation.IsValid)
            return new ModelImportResult(ModelImportStatus.Invalid, null, validation.Reason);
        var card = validation.Card!;
        var id = card.ModelId;

        lock (_gate)
        {
            if (FindAnywhere(id) is { } existing)
            {
                // Ids are unique across catalogs (one scoring service per id); another tenant's model is neither shown
                // nor named, only the id is taken. The caller's own or a global model keeps today's answers.
                if (existing.Owner is not null && existing.Owner != tenant)
                    return new ModelImportResult(ModelImportStatus.Conflict, null,
                        $"model id {id} is taken; publish it under another name or version.");
                var same = existing.Sha256 == Sha256Of(onnx) && File.ReadAllBytes(existing.CardPath).AsSpan().SequenceEqual(cardJson);
                return same
                    ? new ModelImportResult(ModelImportStatus.AlreadyPresent, existing, null)
                    : new ModelImportResult(ModelImportStatus.Conflict, existing,
                        $"model {id} already exists{(existing.Shipped ? " (shipped with the app)" : "")} with different bytes; publish it under a new version.");
            }

            Directory.CreateDirectory(directory);
            var onnxPath = Path.Combine(directory, id + ".onnx");
            var cardPath = ModelCard.PathFor(onnxPath);
            var stamp = Guid.NewGuid().ToString("N");
            var tempOnnx = Path.Combine(directory, $".{id}.{stamp}.onnx.tmp");
            var tempCard = Path.Combine(directory, $".{id}.{stamp}.card.tmp");
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
            return new ModelImportResult(ModelImportStatus.Imported, new StoredModel(id, onnxPath, cardPath, card, Shipped: false, Sha256Of(onnx)) { Owner = tenant }, null);
        }
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private static IEnumerable<StoredModel> Scan(string directory, bool shipped, string? owner)
    {
        if (!Directory.Exists(directory))
            return [];
        return Directory.EnumerateFiles(directory, "*.onnx")
            .Select(path => TryLoad(directory, Path.GetFileNameWithoutExtension(path), shipped, owner))
            .OfType<StoredModel>()
            .OrderBy(m => m.ModelId, StringComparer.Ordinal)
            .ToList();
    }

    private static StoredModel? TryLoad(string directory, string modelId, bool shipped, string? owner)
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
            return card.ModelId == modelId ? new StoredModel(modelId, onnxPath, cardPath, card, shipped, Sha256Of(File.ReadAllBytes(onnxPath))) { Owner = owner } : null;
        }
        catch (ModelLoadException)
        {
            return null; // unreadable card: not a servable model
        }
    }

    private static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
