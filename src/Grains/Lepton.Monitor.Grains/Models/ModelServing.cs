using Lepton.Monitor.Contracts;
using Lepton.Monitor.Scoring;
using Microsoft.Extensions.Logging;

namespace Lepton.Monitor.Grains.Models;

/// <summary>
/// The silo's models: the configured default (<c>Lepton:Scoring:ModelPath</c>) plus every version in the model
/// repository (shipped in <c>onnx/</c> or uploaded through <c>POST /v1/models</c>), each served by one shared batching
/// service from the pool, loaded on first use.
/// </summary>
public sealed class ModelServing : IModelScorers, IModelCatalog, IAsyncDisposable
{
    private readonly ScoringServicePool _pool;
    private readonly ILogger _logger;

    public ModelServing(ScoringOptions options, ModelRepository repository, ICurrencyConverter currency, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        Repository = repository;
        _logger = loggers.CreateLogger<ModelServing>();
        var defaultPath = Path.GetFullPath(options.ModelPath);
        DefaultModelId = ModelCard.Load(ModelCard.PathFor(defaultPath)).ModelId;
        _pool = new ScoringServicePool(id => id == DefaultModelId ? defaultPath : repository.GetPath(id), options, currency, loggers);
        Default = _pool.Get(DefaultModelId); // load at start: a broken default model stops the silo with the reason
    }

    public string DefaultModelId { get; }

    /// <summary>The default model's service.</summary>
    public IScoringService Default { get; }

    public ModelRepository Repository { get; }

    public IReadOnlyCollection<string> LoadedModelIds => _pool.LoadedModelIds;

    public bool IsAvailableTo(string modelId, string tenant) => modelId == DefaultModelId || Repository.Find(modelId, tenant) is not null;

    public string? LoadProblem(string modelId)
    {
        try
        {
            _pool.Get(modelId);
            return null;
        }
        catch (KeyNotFoundException)
        {
            return $"unknown model '{modelId}'";
        }
        catch (Exception e) when (e is not ObjectDisposedException and not OutOfMemoryException)
        {
            // The full reason (paths, runtime text) stays in the server's log; the caller learns only that it does not load.
            _logger.LogWarning(e, "Model {ModelId} cannot be loaded for serving", modelId);
            return $"model '{modelId}' cannot be loaded for serving on this server; it is not promotable (see the server log)";
        }
    }

    public IScoringService Get(string modelId)
    {
        try
        {
            return _pool.Get(modelId);
        }
        catch (KeyNotFoundException e)
        {
            throw new ArgumentException($"unknown model '{modelId}'", nameof(modelId), e);
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();
}
