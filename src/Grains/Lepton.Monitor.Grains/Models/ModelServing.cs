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

    public ModelServing(ScoringOptions options, ModelRepository repository, ICurrencyConverter currency, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        Repository = repository;
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

    public bool Contains(string modelId) => modelId == DefaultModelId || Repository.Find(modelId) is not null;

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
